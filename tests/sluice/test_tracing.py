"""Where traces go, as the standard OTEL_EXPORTER_OTLP_* variables say."""

import pytest
from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter as GrpcExporter
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter as HttpExporter
from pydantic import ValidationError

from sluice.settings import Settings
from sluice.tracing import otlp_exporter, trace_headers, tracing_target


@pytest.mark.parametrize("endpoint", [None, ""])
def test_without_an_endpoint_nothing_is_exported(endpoint):
    settings = Settings(OTEL_EXPORTER_OTLP_ENDPOINT=endpoint)
    assert otlp_exporter(settings) is None
    assert "OTEL_EXPORTER_OTLP_ENDPOINT unset" in tracing_target(settings)


def test_http_protobuf_is_the_default_and_posts_to_the_traces_path():
    settings = Settings(OTEL_EXPORTER_OTLP_ENDPOINT="http://jaeger:4318/",
                         OTEL_EXPORTER_OTLP_PROTOCOL="")
    exporter = otlp_exporter(settings)
    assert isinstance(exporter, HttpExporter)
    assert exporter._endpoint == "http://jaeger:4318/v1/traces"
    assert tracing_target(settings) == "OTLP http/protobuf to http://jaeger:4318"


def test_grpc_when_the_protocol_says_so():
    settings = Settings(OTEL_EXPORTER_OTLP_ENDPOINT="http://jaeger:4317",
                         OTEL_EXPORTER_OTLP_PROTOCOL="grpc")
    exporter = otlp_exporter(settings)
    assert isinstance(exporter, GrpcExporter)
    exporter.shutdown()


def test_a_protocol_the_exporters_cannot_speak_is_refused_at_start():
    with pytest.raises(ValidationError, match="OTEL_EXPORTER_OTLP_PROTOCOL"):
        Settings(OTEL_EXPORTER_OTLP_PROTOCOL="http/json")


def test_a_stored_traceparent_wins_over_the_current_context():
    stored = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    assert trace_headers(stored) == {"traceparent": stored}
    assert trace_headers() == {}  # outside any span there is nothing to carry
