"""The live preview: a file server with reload events, and a watcher of the site's inputs."""
