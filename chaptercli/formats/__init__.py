"""Chapter file formats, one module each."""
