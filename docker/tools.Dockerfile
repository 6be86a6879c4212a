# The `detector` CLI (produce, consume, replay, ...) for docker-compose.yml.
# Build from the repository root after `mvn -B -DskipTests package`:
#   docker build -f docker/tools.Dockerfile -t facemask/tools:0.1.0-SNAPSHOT .
FROM eclipse-temurin:17-jre

WORKDIR /app
COPY cli/target/lib/ /app/lib/
COPY cli/target/cli-0.1.0-SNAPSHOT.jar /app/cli.jar

# The same JVM flags as the ./detector launcher: Flink and TensorFlow need these opens on Java 17.
ENTRYPOINT ["java", "-Xmx2g", "-Djava.awt.headless=true", \
  "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0", "-Dorg.bytedeco.javacpp.maxBytes=0", \
  "-Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp", "-Ddetector.home=/app", \
  "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED", \
  "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", \
  "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED", \
  "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED", \
  "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED", \
  "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", \
  "--add-opens=java.sql/java.sql=ALL-UNNAMED", \
  "-cp", "/app/cli.jar:/app/lib/*", "dev.facemask.cli.DetectorCli"]
CMD ["--help"]
