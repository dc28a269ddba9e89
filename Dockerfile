# The gateway on the embedded sample back office (or on the omnicanal.toml mounted at
# /etc/omnicanal/omnicanal.toml). The sample database and token key live in /data.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY gateway gateway
COPY connectors connectors
COPY schema schema
RUN pip install --no-cache-dir .
ENV OMNICANAL_HOST=0.0.0.0 \
    OMNICANAL_PORT=8000 \
    OMNICANAL_DATA_DIR=/data
VOLUME /data
EXPOSE 8000
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["omnicanal", "serve"]
