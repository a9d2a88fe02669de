# Kravbot's container image: built in one stage with the compilers wheels may need, run from a
# slim stage with only the virtual environment, as a non-root user.
# Build: docker build -t kravbot .   Run: see compose.yaml and docs/operations.md.

FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/kravbot
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY dialogs ./dialogs
COPY storage ./storage
COPY cards ./cards
COPY vocabulary ./vocabulary
COPY infra/teams ./infra/teams
# `kravbot package` finds infra/teams beside the installed packages (bot/package.py).
RUN /opt/kravbot/bin/pip install --no-compile . \
    && cp -r infra /opt/kravbot/lib/python3.11/site-packages/

FROM python:3.11-slim-bookworm
LABEL org.opencontainers.image.title="Kravbot" \
      org.opencontainers.image.description="Teams bot for DigiTV's joint EPJ requirements work" \
      org.opencontainers.image.licenses="MIT"
ENV PATH=/opt/kravbot/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    KRAVBOT_LOG_FORMAT=json \
    PORT=3978
RUN groupadd --system --gid 10001 kravbot \
    && useradd --system --uid 10001 --gid kravbot --home-dir /app --shell /usr/sbin/nologin kravbot
COPY --from=build /opt/kravbot /opt/kravbot
WORKDIR /app
USER 10001:10001
EXPOSE 3978
# Liveness only: /readyz (the database) is for the orchestrator's readiness probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('PORT', '3978')}/healthz\", timeout=4)"]
# Migrations run at start (replicas take turns through a PostgreSQL advisory lock).
ENTRYPOINT ["kravbot"]
CMD ["serve", "--host", "0.0.0.0"]
