"""The `/_sim` routes tests use to script faults and to see what the gateway actually sent."""

import json

from flask import Flask, Response, jsonify, request

from sluice.simulator.state import SimulatorState, validate_config


def register(app: Flask, state: SimulatorState) -> None:
    def get_config() -> Response:
        return jsonify(state.config())

    def put_config() -> Response | tuple[Response, int]:
        try:
            config = validate_config(json.loads(request.get_data()))
        except ValueError as exc:
            return jsonify({"error": str(exc)}), 400
        return jsonify(state.replace_config(config))

    def get_requests() -> Response:
        return jsonify({"requests": state.requests()})

    def delete_requests() -> Response:
        state.reset()
        return jsonify({"requests": state.requests(), "config": state.config()})

    app.add_url_rule("/_sim/config", "sim_get_config", get_config, methods=["GET"])
    app.add_url_rule("/_sim/config", "sim_put_config", put_config, methods=["PUT"])
    app.add_url_rule("/_sim/requests", "sim_get_requests", get_requests, methods=["GET"])
    app.add_url_rule("/_sim/requests", "sim_delete_requests", delete_requests, methods=["DELETE"])
