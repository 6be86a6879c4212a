# The streaming job on CUDA 12 + cuDNN 8.9 (what TensorFlow 2.16 / tensorflow-core-native 1.0.0-rc.1 needs),
# with Java and Flink taken from the official flink:2.2.1-java17 image. See docker/README.md.
# Stage the GPU natives first:
#   mvn -B -DskipTests package -Dtensorflow.native.classifier=linux-x86_64-gpu -Dstack.modelRuntimeDir=model-runtime-gpu
#   docker build -f docker/job-gpu.Dockerfile -t facemask/job-gpu:0.1.0-SNAPSHOT .
FROM flink:2.2.1-java17 AS flink

FROM nvidia/cuda:12.2.2-cudnn8-runtime-ubuntu22.04

ENV JAVA_HOME=/opt/java/openjdk \
    FLINK_HOME=/opt/flink \
    PATH=/opt/java/openjdk/bin:/opt/flink/bin:$PATH \
    JAVACPP_CACHE=/opt/flink/javacpp
RUN groupadd --system --gid=9999 flink \
    && useradd --system --home-dir /opt/flink --uid=9999 --gid=flink flink \
    && apt-get update && apt-get install -y --no-install-recommends libjemalloc2 && rm -rf /var/lib/apt/lists/*
COPY --from=flink /opt/java/openjdk /opt/java/openjdk
COPY --from=flink /usr/local/bin/gosu /usr/local/bin/gosu
COPY --from=flink --chown=flink:flink /opt/flink /opt/flink
COPY --from=flink /docker-entrypoint.sh /docker-entrypoint.sh

COPY --chown=flink:flink local-runtime/target/stack/model-runtime-gpu/ /opt/flink/lib/
RUN rm -f /opt/flink/lib/slf4j-api-*.jar
COPY --chown=flink:flink streaming-job/target/facemask-job.jar /opt/flink/usrlib/streaming-job.jar
RUN mkdir -p "$JAVACPP_CACHE" && chown flink:flink "$JAVACPP_CACHE"

WORKDIR /opt/flink
EXPOSE 6123 8081
ENTRYPOINT ["/docker-entrypoint.sh"]
CMD ["help"]
