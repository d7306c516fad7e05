<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AgePage</name>
    <message>
        <source>How old is the person this pass belongs to?</source>
        <translation>这张通行证的持有人多大了？</translation>
    </message>
    <message>
        <source>We ask because, for a child under 14, a parent or guardian decides and confirms who they are first.</source>
        <translation>之所以询问，是因为未满 14 周岁的儿童需由父母或其他监护人决定，并先确认监护人的身份。</translation>
    </message>
    <message>
        <source>14 or older</source>
        <translation>14 周岁及以上</translation>
    </message>
    <message>
        <source>The pass holder is 14 or older</source>
        <translation>通行证持有人 14 周岁及以上</translation>
    </message>
    <message>
        <source>Under 14</source>
        <translation>未满 14 周岁</translation>
    </message>
    <message>
        <source>The pass holder is under 14</source>
        <translation>通行证持有人未满 14 周岁</translation>
    </message>
    <message>
        <source>Setting this up for your child? Answer for your child.</source>
        <translation>在为孩子开通吗？请按孩子的年龄回答。</translation>
    </message>
</context>
<context>
    <name>ConsentPage</name>
    <message>
        <source>Your choice</source>
        <translation>由您决定</translation>
    </message>
    <message>
        <source>• We keep a face template (numbers worked out from your child&apos;s face), never a photo.</source>
        <translation>• 我们保存一份人脸模板（根据孩子面部算出的一组数字），绝不保存照片。</translation>
    </message>
    <message>
        <source>• We keep a face template (numbers worked out from your face), never a photo.</source>
        <translation>• 我们保存的是人脸模板（根据您的面部算出的一组数字），不保存照片。</translation>
    </message>
    <message>
        <source>• It stays only on this kiosk, encrypted.</source>
        <translation>• 模板只加密保存在这台设备上。</translation>
    </message>
    <message>
        <source>• It is deleted on %1 if your child does not use it again.</source>
        <translation>• 如果您的孩子不再使用，它将于 %1 删除。</translation>
    </message>
    <message>
        <source>• It is deleted on %1 if you do not use it again.</source>
        <translation>• 如果您之后不再使用，将于%1删除。</translation>
    </message>
    <message>
        <source>• You or your child can delete it at any time under &quot;My data&quot;.</source>
        <translation>• 您或您的孩子可随时在“我的数据”中删除它。</translation>
    </message>
    <message>
        <source>• You can delete it at any time under &quot;My data&quot;.</source>
        <translation>• 您可以随时在“我的数据”中删除。</translation>
    </message>
    <message>
        <source>Your choice, as parent or guardian</source>
        <translation>请您以父母或监护人的身份选择</translation>
    </message>
    <message>
        <source>Do you agree to set up face verification for your child&apos;s pass?</source>
        <translation>您是否同意为孩子的通行证开通人脸核验？</translation>
    </message>
    <message>
        <source>Either answer is fine. Your child&apos;s card and PIN keep working the same way.</source>
        <translation>选哪一项都可以。孩子的卡和密码都照常可用。</translation>
    </message>
    <message>
        <source>Do you agree to set up face verification for your pass?</source>
        <translation>您是否同意为您的通行证开通人脸核验？</translation>
    </message>
    <message>
        <source>I agree</source>
        <translation>我同意</translation>
    </message>
    <message>
        <source>No thanks</source>
        <translation>不用了</translation>
    </message>
    <message>
        <source>Either answer is fine. Your card and PIN keep working the same way.</source>
        <translation>两种回答都可以。您的卡和密码照常可用。</translation>
    </message>
    <message>
        <source>Please read the notice first.</source>
        <translation>请先阅读告知书。</translation>
    </message>
</context>
<context>
    <name>EnrollCapturePage</name>
    <message>
        <source>Set up face verification</source>
        <translation>开通人脸核验</translation>
    </message>
    <message>
        <source>Only one person in front of the camera, please. The picture is used for a moment and then thrown away: no photo is kept.</source>
        <translation>摄像头前请只留一个人。画面只在处理的一瞬间使用，随即丢弃，不保存任何照片。</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>再试一次</translation>
    </message>
    <message>
        <source>Use my card or PIN instead</source>
        <translation>改用卡或密码</translation>
    </message>
    <message>
        <source>Stop: use my card or PIN instead</source>
        <translation>停止：改用卡或密码</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Camera picture with an oval guide</source>
        <translation>带椭圆引导框的摄像头画面</translation>
    </message>
    <message>
        <source>Measuring your face: %1 of %2. Each picture is used at once and not kept.</source>
        <translation>正在测量您的面部：第 %1 次，共 %2 次。每张画面用完即丢弃，不会保存。</translation>
    </message>
    <message>
        <source>Face set-up cannot start yet. Please start again.</source>
        <translation>暂时无法开始开通人脸核验，请重新开始。</translation>
    </message>
    <message>
        <source>The camera could not see your face clearly in time. Nothing was saved.</source>
        <translation>摄像头未能及时看清您的面部。没有保存任何内容。</translation>
    </message>
    <message>
        <source>Nothing was saved.</source>
        <translation>没有保存任何内容。</translation>
    </message>
</context>
<context>
    <name>GuardianPage</name>
    <message>
        <source>First, the parent or guardian</source>
        <translation>首先，请父母或监护人确认身份</translation>
    </message>
    <message>
        <source>With my own member number and PIN</source>
        <translation>用我自己的会员号和密码</translation>
    </message>
    <message>
        <source>With help from staff</source>
        <translation>请工作人员协助</translation>
    </message>
    <message>
        <source>Parent&apos;s or guardian&apos;s member number</source>
        <translation>父母或监护人的会员号</translation>
    </message>
    <message>
        <source>Parent&apos;s or guardian&apos;s PIN</source>
        <translation>父母或监护人的密码</translation>
    </message>
    <message>
        <source>Staff PIN (typed by staff)</source>
        <translation>工作人员密码（由工作人员输入）</translation>
    </message>
    <message>
        <source>Parent&apos;s or guardian&apos;s full name (typed by staff)</source>
        <translation>父母或监护人的姓名（由工作人员输入）</translation>
    </message>
    <message>
        <source>This pass belongs to a child under 14, so a parent or guardian decides. Please show who you are first. Then you read what face verification means and give your answer.</source>
        <translation>这张通行证属于未满 14 周岁的儿童，需由父母或其他监护人决定。请先确认您的身份，然后阅读人脸核验的说明，再作出选择。</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Continue: I am the parent or guardian</source>
        <translation>继续：我是父母或监护人</translation>
    </message>
    <message>
        <source>No thanks</source>
        <translation>不用了</translation>
    </message>
    <message>
        <source>No thanks: do not set up face verification</source>
        <translation>不用了：不开通人脸核验</translation>
    </message>
    <message>
        <source>Calling staff…</source>
        <translation>正在呼叫工作人员…</translation>
    </message>
    <message>
        <source>The staff could not be called from here. Please go to the desk.</source>
        <translation>无法从这里呼叫工作人员。请前往服务台。</translation>
    </message>
    <message>
        <source>Staff have been called: please wait, someone will come to you.</source>
        <translation>已呼叫工作人员：请稍候，马上有人过来。</translation>
    </message>
    <message>
        <source>Please type the member number and a PIN of 4 to 8 digits.</source>
        <translation>请输入会员号和 4 至 8 位数字的密码。</translation>
    </message>
    <message>
        <source>Please type the staff PIN and the guardian&apos;s full name.</source>
        <translation>请输入工作人员密码和监护人的姓名。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在核对…</translation>
    </message>
</context>
<context>
    <name>MyDataDeletedPage</name>
    <message>
        <source>Your face data is deleted</source>
        <translation>您的人脸数据已删除</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Your face pass is withdrawn</source>
        <translation>您的人脸通行证已撤回</translation>
    </message>
    <message>
        <source>Face verification with your face pass is withdrawn (pass %1). This kiosk refuses that pass from now on, and the site&apos;s other kiosks do once staff update them.</source>
        <translation>已撤回您的人脸通行证的人脸核验（通行证 %1）。这台设备从现在起不再接受该通行证；工作人员更新本场所的其他设备后，那些设备也不再接受。</translation>
    </message>
    <message>
        <source>The face template for pass %1 has been deleted from this kiosk. The site&apos;s other gates delete it as soon as they hear of it.</source>
        <translation>通行证 %1 的人脸模板已从这台设备删除。本场所的其他闸口一收到通知就会随即删除。</translation>
    </message>
    <message>
        <source>The face template for pass %1 has been deleted from this kiosk.</source>
        <translation>通行证 %1 的人脸模板已从本机删除。</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>删除时间</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>撤回时间</translation>
    </message>
    <message>
        <source>Consent withdrawn</source>
        <translation>已撤回的同意</translation>
    </message>
    <message>
        <source>Number %1</source>
        <translation>编号 %1</translation>
    </message>
    <message>
        <source>Your card and PIN keep working. Face verification is no longer offered for this pass. You can set it up again later if you wish.</source>
        <translation>您的卡和密码照常可用。此通行证不再提供人脸核验。如果您愿意，以后可以重新开通。</translation>
    </message>
</context>
<context>
    <name>MyDataPage</name>
    <message>
        <source>My data</source>
        <translation>我的数据</translation>
    </message>
    <message>
        <source>About you</source>
        <translation>您的信息</translation>
    </message>
    <message>
        <source>Face data</source>
        <translation>人脸数据</translation>
    </message>
    <message>
        <source>Consent records</source>
        <translation>同意记录</translation>
    </message>
    <message>
        <source>Recent checks at this kiosk</source>
        <translation>最近在本机的身份核验</translation>
    </message>
    <message>
        <source>Delete my face data</source>
        <translation>删除我的人脸数据</translation>
    </message>
    <message>
        <source>Delete your face data now? Your card and PIN keep working.</source>
        <translation>现在删除您的人脸数据吗？您的卡和密码照常可用。</translation>
    </message>
    <message>
        <source>Yes, delete it</source>
        <translation>是，删除</translation>
    </message>
    <message>
        <source>No, keep it</source>
        <translation>否，保留</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Looking up your data…</source>
        <translation>正在查询您的数据…</translation>
    </message>
    <message>
        <source>This is everything this kiosk stores about you (pass %1).</source>
        <translation>以下是本机保存的关于您的全部信息（通行证 %1）。</translation>
    </message>
    <message>
        <source>Withdraw now? Your face pass stops working. Your card and PIN keep working.</source>
        <translation>现在撤回吗？您的人脸通行证将随即失效。您的卡和密码照常可用。</translation>
    </message>
    <message>
        <source>This kiosk keeps no face data. If you have a face pass from another kiosk of this site, you can withdraw it here.</source>
        <translation>这台设备不保存任何人脸数据。如果您在本场所的其他设备上办理过人脸通行证，可以在这里撤回。</translation>
    </message>
    <message>
        <source>No face data is stored for pass %1.</source>
        <translation>通行证 %1 没有保存任何人脸数据。</translation>
    </message>
    <message>
        <source>None.</source>
        <translation>无。</translation>
    </message>
    <message>
        <source>None yet.</source>
        <translation>暂无。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Not stored</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>Pass valid until</source>
        <translation>通行证有效期至</translation>
    </message>
    <message>
        <source>Pass card</source>
        <translation>通行证卡</translation>
    </message>
    <message>
        <source>A card is registered</source>
        <translation>已登记一张卡</translation>
    </message>
    <message>
        <source>No card registered</source>
        <translation>未登记卡</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Set (kept only in a form nobody can read back)</source>
        <translation>已设置（只以任何人都无法还原的形式保存）</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>保存位置</translation>
    </message>
    <message>
        <source>At every gate of this site, encrypted. The site&apos;s server keeps only a sealed copy it cannot open.</source>
        <translation>保存在本场所的每个闸口，已加密。场所的服务器只保存一份它自己无法打开的封存副本。</translation>
    </message>
    <message>
        <source>Only in the code on your face pass, sealed. This kiosk keeps no copy.</source>
        <translation>只在您人脸通行证的二维码中，经加密封存。这台设备不保留副本。</translation>
    </message>
    <message>
        <source>Face pass valid until</source>
        <translation>人脸通行证有效期至</translation>
    </message>
    <message>
        <source>by parent or guardian %1</source>
        <translation>由父母或监护人%1</translation>
    </message>
    <message>
        <source>by you</source>
        <translation>由您本人</translation>
    </message>
    <message>
        <source>No. %1: given on %2 %3, notice version %4</source>
        <translation>第 %1 号：%2 %3同意，告知书版本 %4</translation>
    </message>
    <message>
        <source>; withdrawn on %1</source>
        <translation>；已于 %1 撤回</translation>
    </message>
    <message>
        <source>face</source>
        <translation>人脸</translation>
    </message>
    <message>
        <source>card</source>
        <translation>卡</translation>
    </message>
    <message>
        <source>pass code</source>
        <translation>通行码</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>refused: the face did not match</source>
        <translation>未通过：人脸不匹配</translation>
    </message>
    <message>
        <source>refused: the camera could not tell a live face</source>
        <translation>未通过：摄像头无法确认是真人</translation>
    </message>
    <message>
        <source>refused: no face check in time</source>
        <translation>未通过：未在时限内完成人脸核验</translation>
    </message>
    <message>
        <source>not finished: the face step was left</source>
        <translation>未完成：中途离开了人脸步骤</translation>
    </message>
    <message>
        <source>refused: the face pass was not accepted</source>
        <translation>未通过：人脸通行证未被接受</translation>
    </message>
    <message>
        <source>refused: wrong PIN</source>
        <translation>未通过：密码错误</translation>
    </message>
    <message>
        <source>refused: PIN entry was paused</source>
        <translation>未通过：密码输入已暂停</translation>
    </message>
    <message>
        <source>not confirmed</source>
        <translation>未确认</translation>
    </message>
    <message>
        <source>%1 %2, %3: %4</source>
        <translation>%1 %2，%3：%4</translation>
    </message>
    <message>
        <source>What is stored</source>
        <translation>保存的内容</translation>
    </message>
    <message>
        <source>A face template: numbers worked out from your face. No photo or video.</source>
        <translation>人脸模板：根据您的面部算出的一组数字。不保存照片或视频。</translation>
    </message>
    <message>
        <source>Set up on</source>
        <translation>开通日期</translation>
    </message>
    <message>
        <source>Notice you agreed to</source>
        <translation>您同意的告知书</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <source>Parent or guardian: %1</source>
        <translation>父母或监护人：%1</translation>
    </message>
    <message>
        <source>You</source>
        <translation>您本人</translation>
    </message>
    <message>
        <source>Consent given by</source>
        <translation>同意人</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>上次使用</translation>
    </message>
    <message>
        <source>Not used yet</source>
        <translation>尚未使用</translation>
    </message>
    <message>
        <source>Deleted on</source>
        <translation>删除日期</translation>
    </message>
    <message>
        <source>%1, if you do not use it again</source>
        <translation>%1（如果您之后不再使用）</translation>
    </message>
</context>
<context>
    <name>NoticePage</name>
    <message>
        <source>Next: my answer</source>
        <translation>下一步：我的回答</translation>
    </message>
    <message>
        <source>I have read this. Next: my answer</source>
        <translation>我已阅读。下一步：我的回答</translation>
    </message>
    <message>
        <source>Face verification (optional)</source>
        <translation>人脸核验（可选）</translation>
    </message>
</context>
<context>
    <name>ReceiptPage</name>
    <message>
        <source>Face verification is set up</source>
        <translation>人脸核验已开通</translation>
    </message>
    <message>
        <source>Next time, you can choose &quot;Face&quot; on the kiosk. Your card and PIN keep working too.</source>
        <translation>下次您可以在本机选择“人脸”。您的卡和密码也照常可用。</translation>
    </message>
    <message>
        <source>Done: check me in</source>
        <translation>完成：为我办理入场</translation>
    </message>
    <message>
        <source>What is stored</source>
        <translation>保存的内容</translation>
    </message>
    <message>
        <source>A face template: numbers worked out from your child&apos;s face. No photo or video.</source>
        <translation>人脸模板：根据您孩子的面部计算出的一组数字。不保存照片或视频。</translation>
    </message>
    <message>
        <source>A face template: numbers worked out from your face. No photo or video.</source>
        <translation>人脸模板：根据您的面部算出的一组数字。不保存照片或视频。</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>保存位置</translation>
    </message>
    <message>
        <source>At every gate of this site, encrypted. The site&apos;s server keeps only a sealed copy it cannot open.</source>
        <translation>保存在本场所的每个闸口，已加密。场所的服务器只保存一份它自己无法打开的封存副本。</translation>
    </message>
    <message>
        <source>Only on this kiosk, encrypted.</source>
        <translation>只加密保存在这台设备上。</translation>
    </message>
    <message>
        <source>Deleted on</source>
        <translation>删除日期</translation>
    </message>
    <message>
        <source>%1, if your child does not use it again</source>
        <translation>%1（如果您的孩子不再使用）</translation>
    </message>
    <message>
        <source>%1, if you do not use it again</source>
        <translation>%1（如果您之后不再使用）</translation>
    </message>
    <message>
        <source>Parent or guardian: %1</source>
        <translation>父母或监护人：%1</translation>
    </message>
    <message>
        <source>You</source>
        <translation>您本人</translation>
    </message>
    <message>
        <source>Consent given by</source>
        <translation>同意人</translation>
    </message>
    <message>
        <source>Consent number</source>
        <translation>同意记录编号</translation>
    </message>
    <message>
        <source>To delete it</source>
        <translation>如何删除</translation>
    </message>
    <message>
        <source>Choose &quot;My data&quot; on the first screen, or ask staff. It is deleted at once.</source>
        <translation>在首页选择“我的数据”，或请工作人员帮忙。删除立即生效。</translation>
    </message>
    <message>
        <source>Your face pass is ready</source>
        <translation>您的人脸通行证已生成</translation>
    </message>
    <message>
        <source>Photograph this code or ask staff to print it. At any gate of this site, show it and choose &quot;Face&quot;.</source>
        <translation>请拍下这个二维码，或请工作人员打印。在本场所的任何闸机出示此码，再选择“人脸”即可。</translation>
    </message>
    <message>
        <source>What the code holds</source>
        <translation>二维码里有什么</translation>
    </message>
    <message>
        <source>Your face template (no photo), pass number, dates and consent number, sealed so that only this site&apos;s kiosks can read it. This kiosk keeps no copy.</source>
        <translation>您的人脸模板（不含照片）、通行证号、日期和同意编号，经加密封存，只有本场所的设备能读取。这台设备不留副本。</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1至%2</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Pass number</source>
        <translation>通行证号</translation>
    </message>
    <message>
        <source>To withdraw</source>
        <translation>如何撤回</translation>
    </message>
    <message>
        <source>Choose &quot;My data&quot; on the first screen, or ask staff. The code then stops working.</source>
        <translation>在首页选择“我的数据”，或请工作人员帮您办理。此后这个二维码即失效。</translation>
    </message>
</context>
</TS>
