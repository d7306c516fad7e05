"""Frame sources: webcams, video files, image files and in-memory clips. No Qt, no disk writes."""

from kiosk.camera.encoder import ProcessEncoder
from kiosk.camera.source import FrameSource, MemorySource, VideoFileSource, WebcamSource, open_source

__all__ = ["FrameSource", "ProcessEncoder", "MemorySource", "VideoFileSource", "WebcamSource", "open_source"]
