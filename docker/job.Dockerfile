# The streaming job on the official Flink image, for application mode (docker-compose.yml) or a session cluster.
# Build from the repository root after `mvn -B -DskipTests package`:
#   docker build -f docker/job.Dockerfile -t facemask/job:0.1.0-SNAPSHOT .
FROM flink:2.2.1-java17

# TensorFlow, DJL and the project's inference/vision code load native libraries once per JVM, so they
# live in Flink's lib/ (parent classloader), never in the job jar (see streaming-job's shade excludes).
# slf4j is already in flink-dist; a second copy would only warn.
COPY --chown=flink:flink local-runtime/target/stack/model-runtime/ /opt/flink/lib/
RUN rm -f /opt/flink/lib/slf4j-api-*.jar

# Application mode picks the job up from usrlib/.
COPY --chown=flink:flink streaming-job/target/facemask-job.jar /opt/flink/usrlib/streaming-job.jar

# TensorFlow's natives unpack once (about 630 MB) into javacpp's cache; keep it inside the container.
ENV JAVACPP_CACHE=/opt/flink/javacpp
RUN mkdir -p "$JAVACPP_CACHE" && chown flink:flink "$JAVACPP_CACHE"
