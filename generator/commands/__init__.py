"""One module per command: add_parser(subparsers) registers it, args.run(args) runs it."""
