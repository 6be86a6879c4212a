package dev.facemask.cli.view;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium driven through its chromedriver ({@code apt-get install chromium chromium-driver},
 * which {@code .ci/run} does). Both paths are given, so Selenium never looks for or downloads a browser.
 */
final class HeadlessChromium implements AutoCloseable {

    static final String BROWSER = "/usr/bin/chromium";
    static final String DRIVER = "/usr/bin/chromedriver";

    final ChromeDriver driver;

    HeadlessChromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        // No sandbox: CI runs as root in a container, where Chromium's sandbox cannot start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
    }

    WebDriverWait waitUpTo(Duration timeout) {
        // The page replaces a camera's image element on every frame: a found element may go stale.
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(50));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    /** Saves what the page shows now as a PNG. */
    Path screenshot(Path target) throws IOException {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.createDirectories(target.getParent());
        return Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
