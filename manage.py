#!/usr/bin/env python
"""Django's command-line utility; the same as the ``lastmile`` console script."""

from lastmile.__main__ import main

if __name__ == "__main__":
    main()
