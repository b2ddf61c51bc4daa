from hishers_cli.cli import main

main()
