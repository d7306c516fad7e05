<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AskStaffPage</name>
    <message>
        <source>Please ask a member of staff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Staff at the desk can check your pass and let you in. You do not need to do anything else here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CameraUnavailablePage</name>
    <message>
        <source>The camera is not available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Face verification cannot be used right now. Your PIN works as always, or staff can help you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use my PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask staff</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClaimPage</name>
    <message>
        <source>Who are you?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan your pass, or type your member number:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pass or member number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Member number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pass with a QR code or barcode?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold it up to the camera. The camera only looks for the code and is switched off again right after.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show my pass to the camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for a code…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The camera is off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The camera is not available. Please type your member number.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FacePage</name>
    <message>
        <source>Look at the camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your face is compared only with the face set up for this pass. No photo is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Camera picture with an oval guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmed %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FailedPage</name>
    <message>
        <source>We could not confirm it is you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The camera could not see your face clearly in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your face did not match the face set up for this pass. This happens sometimes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>You can try %n more time(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Please use your PIN or ask staff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use my PIN or another way</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask staff</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⌫</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete last digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>We could not find that pass or member number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That PIN could not be checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The camera is not available right now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Face verification is not available right now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Face verification is not available here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We could not see a face clearly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent is needed before a face can be set up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Face verification could not be set up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This face is already set up on another pass. Please ask staff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The picture could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This pass is not valid at the moment. Please ask staff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong. Please use another way in or ask staff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>PIN entry is paused for %n second(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>PIN entry is paused for %n minute(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Hold still…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look at the camera.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only one person in front of the camera, please.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Come closer to the camera.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move your face into the oval.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold still.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More light is needed on your face.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too bright: step out of direct light.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MethodPage</name>
    <message>
        <source>How would you like to confirm it is you?</source>
        <extracomment>where issue 5&apos;s &quot;Set up face verification (optional)&quot; lives: below the alternatives</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose one. Every way works equally well.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN
Type your 4 to 8 digit PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use my PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Face
Look at the camera for a moment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use my face</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask staff
A member of staff checks your pass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask staff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set up face verification (optional)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <source>‹  Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not available yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This step is not available on this kiosk yet. Please ask staff.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PassedPage</name>
    <message>
        <source>Welcome, %1!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are checked in. Please go through the gate. Enjoy your visit!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are checked in, but the gate did not open. Please see staff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PinLockedPage</name>
    <message>
        <source>PIN entry is paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many wrong PINs were typed. This protects your pass. You can use another way in, or ask staff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use my face instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask staff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try my PIN again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You can try your PIN again now.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PinPage</name>
    <message>
        <source>Enter your PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type your PIN and press OK. Nobody else can see the digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That PIN is not right. Please try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A PIN has 4 to 8 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check in with your pass or your member number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start: scan pass or enter number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You can confirm it is you with your PIN. Face verification is optional.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My data: see or delete what this kiosk stores about you</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Window</name>
    <message>
        <source>Visitor check-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch language to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A+ Large text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>◐ High contrast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No. %1 %2, PIN %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (face set up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DEMO with test data only.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
