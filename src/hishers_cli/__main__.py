from hishers_cli.entry import main

main()
