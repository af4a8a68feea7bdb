from chaptercli.cli import main

main()
