# The `detector` CLI (produce, consume, replay, ...) for docker-compose.yml.
# Build from the repository root after `mvn -B -DskipTests package`:
#   docker build -f docker/tools.Dockerfile -t facemask/tools:0.1.0-SNAPSHOT .
FROM eclipse-temurin:17-jre

WORKDIR /app
COPY cli/target/lib/ /app/lib/
COPY local-runtime/src/main/resources/java17-opens.args /app/java17-opens.args
COPY cli/target/facemask-cli.jar /app/cli.jar

# The same JVM flags as the ./detector launcher: Flink and TensorFlow need the opens of java17-opens.args on Java 17.
ENTRYPOINT ["java", "-Xmx2g", "-Djava.awt.headless=true", \
  "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0", "-Dorg.bytedeco.javacpp.maxBytes=0", \
  "-Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp", "-Ddetector.home=/app", \
  "@/app/java17-opens.args", \
  "-cp", "/app/cli.jar:/app/lib/*", "dev.facemask.cli.DetectorCli"]
CMD ["--help"]
