"""A local stand-in for the Anthropic and OpenAI APIs, so the gateway runs without internet.

It answers with a predictable echo, records every request (headers included, to prove which
API key reached the provider) and follows fault scripts set through `/_sim/config`.
"""

from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from sluice.simulator import anthropic_api, control, openai_api
from sluice.simulator.state import SimulatorState

__all__ = ["create_simulator_app", "make_simulator_server", "serve"]


def create_simulator_app() -> Flask:
    """A fresh app with its own state, so parallel simulators never share scripts or logs."""
    app = Flask(__name__)
    state = SimulatorState()
    anthropic_api.register(app, state)
    openai_api.register(app, state)
    control.register(app, state)
    return app


def make_simulator_server(host: str, port: int) -> BaseWSGIServer:
    """A threaded server, because benchmarks hold many slow requests open at once."""
    return make_server(host, port, create_simulator_app(), threaded=True)


def serve(host: str = "127.0.0.1", port: int = 8100) -> None:
    make_simulator_server(host, port).serve_forever()
