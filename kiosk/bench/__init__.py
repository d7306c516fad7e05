"""``kiosk bench``: how fast the capture pipeline is, beside plain face_recognition, in one run.

Frames are read from ../shared/faces when present (else matplotlib's sample portrait, else
synthetic frames) and cropped, resized and varied in memory; no image is ever written.
"""
