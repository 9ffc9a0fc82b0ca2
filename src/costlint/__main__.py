from costlint.cli import main

main()
