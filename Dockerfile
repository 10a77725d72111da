# syntax=docker/dockerfile:1
# Multi-stage build: Rust (the DataFusion JNI library) and Maven (engine + service) in one builder, then a small
# Java runtime on the same Debian release, so the native library finds the glibc it was linked against.

FROM rust:1.95-bookworm AS builder
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jdk-headless \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY engine engine
COPY service service
COPY openapi openapi
COPY migrations migrations
# Cargo and Maven caches survive between builds (BuildKit cache mounts); tests run in CI, not here.
RUN --mount=type=cache,target=/root/.m2 \
    --mount=type=cache,target=/root/.cargo/registry \
    --mount=type=cache,target=/src/engine/native/target \
    ./mvnw -B -pl service -am package -DskipTests \
 && cp service/target/service-*.jar /service.jar

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app provenance \
 && mkdir -p /app /data \
 && chown provenance /app
COPY --from=builder /service.jar /app/service.jar
USER provenance
WORKDIR /app
EXPOSE 8080
# Table locations must lie under /data; mount your Parquet there.
ENV PROVENANCE_DATA_ROOTS=/data
# The jar's manifest opens java.nio for Arrow; the flag repeats it for launchers that ignore the manifest.
ENTRYPOINT ["java", "--add-opens=java.base/java.nio=ALL-UNNAMED", "-jar", "/app/service.jar"]
