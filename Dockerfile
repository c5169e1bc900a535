# Builds the web app and the foresight binary, then a slim runtime image.
FROM node:20-bookworm-slim AS web
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
COPY openapi/ /src/openapi/
RUN npm run build

FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p foresight

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* && useradd --system --home /var/lib/foresight foresight
COPY --from=build /src/target/release/foresight /usr/local/bin/foresight
COPY --from=web /src/frontend/dist /usr/share/foresight/web
USER foresight
WORKDIR /var/lib/foresight
ENV FORESIGHT_WEB_DIR=/usr/share/foresight/web FORESIGHT_DATA_DIR=/var/lib/foresight
EXPOSE 8080
ENTRYPOINT ["foresight"]
CMD ["serve"]
