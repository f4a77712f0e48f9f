from cyclemap.entry import main

raise SystemExit(main())
