package dev.facemask.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.LocationProvider;
import com.tngtech.archunit.lang.ArchRule;
import dev.facemask.inference.TensorFlowNatives;
import dev.facemask.job.DetectionJob;
import dev.facemask.kafka.embedded.EmbeddedKafka;
import dev.facemask.runtime.stack.LocalStack;
import dev.facemask.schema.codec.AvroWire;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.vision.model.ModelMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Package rules over the main code of every module: no package cycles, and each module imports only
 * what its layer may. The CLI's test classpath holds every module.
 */
@AnalyzeClasses(locations = ArchitectureTest.MainCodeOfEveryModule.class)
class ArchitectureTest {

    /** One slice per package, e.g. {@code job.decode} and {@code job.inference}, {@code cli.deploy} and {@code cli.stack}. */
    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("dev.facemask.(**)").should().beFreeOfCycles();

    /** Image code is plain Java: the job, the trainer and the CLI all use it. */
    @ArchTest
    static final ArchRule visionImportsNoEngine = noClasses().that().resideInAPackage("dev.facemask.vision..")
            .should().dependOnClassesThat().resideInAnyPackage("org.tensorflow..", "ai.djl..", "org.apache.flink..", "org.apache.kafka..");

    /** The job runs a trained model; training code never ships in the job jar. */
    @ArchTest
    static final ArchRule jobImportsNoTrainer = noClasses().that().resideInAPackage("dev.facemask.job..")
            .should().dependOnClassesThat().resideInAPackage("dev.facemask.trainer..");

    /**
     * The classes folder (or jar) of each module, found from one class of it: scanning the whole
     * classpath for {@code dev.facemask} would open every jar of Flink, Kafka and TensorFlow.
     */
    static final class MainCodeOfEveryModule implements LocationProvider {
        @Override
        public Set<Location> get(Class<?> testClass) {
            return Stream.of(DetectorCli.class, LocalStack.class, DetectionJob.class, ModelConfig.class,
                            TensorFlowNatives.class, ModelMetadata.class, AvroWire.class, EmbeddedKafka.class)
                    .map(MainCodeOfEveryModule::codeOf).collect(Collectors.toSet());
        }

        private static Location codeOf(Class<?> type) {
            try {
                Path code = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
                return Files.isDirectory(code) ? Location.of(code) : Location.of(new JarFile(code.toFile()));
            } catch (URISyntaxException | IOException e) {
                throw new UncheckedIOException("cannot locate the code of " + type, e instanceof IOException io ? io : new IOException(e));
            }
        }
    }
}
