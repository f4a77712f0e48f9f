from cyclemap.cli import main

raise SystemExit(main())
