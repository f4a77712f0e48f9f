"""The Textual app: `cyclemap.tui.app.CycleMapApp`. Only the commands that open it import this."""
