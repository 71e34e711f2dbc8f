"""`python -m sluice.simulator`: run the provider simulator in the foreground for demos."""

import argparse

from sluice.simulator import serve


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m sluice.simulator",
        description="Simulated Anthropic and OpenAI APIs for offline tests and demos.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    args = parser.parse_args()
    print(f"sluice simulator listening on http://{args.host}:{args.port}", flush=True)
    serve(args.host, args.port)


if __name__ == "__main__":
    main()
