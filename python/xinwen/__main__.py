import sys

from xinwen.cli import main

sys.exit(main())
