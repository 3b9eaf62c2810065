from findit.cli import main

main()
