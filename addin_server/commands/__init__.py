"""One module per `addin-server` subcommand; see addin_server.cli."""
