"""Presentation-attack detection (liveness), Qt-free.

* :mod:`~kiosk.liveness.passive`: the MiniFASNet pair on OpenCV DNN, judged over several frames;
* :mod:`~kiosk.liveness.challenge`: the head-movement challenge on 5 landmarks, one tracked face;
* :mod:`~kiosk.liveness.motion`: parallax against the face's plane, and cuts between frames;
* the parallax cue measured on a model head and on warped photos: :mod:`kiosk.bench.margins`;
* :mod:`~kiosk.liveness.check`: what the capture pipeline consults frame by frame;
* :mod:`~kiosk.liveness.record`: refusals in the audit trail and the staff alerts;
* :mod:`~kiosk.liveness.evaluate`: ``kiosk pad-eval`` (ISO/IEC 30107-3 rates);
* :mod:`~kiosk.liveness.models`: the vendored model files, sha256 checked.
"""
