package dev.facemask.runtime.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultipartBodyTest {

    @Test
    void shouldWrapTheJarInOneFormDataPart(@TempDir Path dir) throws Exception {
        Path jar = Files.write(dir.resolve("job.jar"), new byte[] {'P', 'K', 3, 4});

        MultipartBody body = MultipartBody.ofJar("jarfile", jar);

        String b = body.boundary();
        assertThat(body.contentType()).isEqualTo("multipart/form-data; boundary=" + b);
        assertThat(new String(body.bytes(), StandardCharsets.ISO_8859_1)).isEqualTo("--" + b + "\r\n"
                + "Content-Disposition: form-data; name=\"jarfile\"; filename=\"job.jar\"\r\n"
                + "Content-Type: application/x-java-archive\r\n\r\n"
                + "PK\u0003\u0004\r\n--" + b + "--\r\n");
    }
}
