"""The web UI's static files (``static/``): the page ``sitreps serve`` serves at ``/``, its scripts, and the
map library and world outlines built from npm packages by ``web/build.sh`` into ``static/vendor/``."""
