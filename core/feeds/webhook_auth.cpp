#include "core/feeds/webhook_auth.h"

#include "core/util/hmac.h"

#include <QList>

namespace cordon::feeds {
namespace {

std::string_view view(const QByteArray &b)
{
    return {b.constData(), static_cast<std::size_t>(b.size())};
}

QByteArray digestBytes(const core::Digest &d)
{
    return QByteArray(reinterpret_cast<const char *>(d.data()), static_cast<qsizetype>(d.size()));
}

AuthVerdict standardWebhooks(const WebhookAuth &auth, const std::function<QByteArray(const char *)> &header,
                             const QByteArray &body, core::TimeUs now)
{
    const QByteArray id = header("webhook-id"), timestamp = header("webhook-timestamp");
    const QByteArray signatures = header("webhook-signature");
    bool numeric = false;
    const qint64 seconds = timestamp.toLongLong(&numeric);
    if (id.isEmpty() || !numeric)
        return {false, "webhook-id and a numeric webhook-timestamp are required with webhook-signature"};
    const core::TimeUs sent = seconds * 1'000'000LL;
    if (sent < now - auth.replayWindow || sent > now + auth.replayWindow)
        return {false, "webhook-timestamp is outside the 5-minute replay window"};
    // Standard Webhooks secrets are "whsec_" + base64 of the key.
    std::string key = auth.secret;
    if (key.starts_with("whsec_"))
        key = QByteArray::fromBase64(QByteArray::fromStdString(key.substr(6))).toStdString();
    const QByteArray expected =
        digestBytes(core::hmacSha256(key, view(id + '.' + timestamp + '.' + body))).toBase64();
    for (const QByteArray &candidate : signatures.split(' ')) {
        if (candidate.startsWith("v1,") && core::constantTimeEquals(view(candidate.mid(3)), view(expected)))
            return {true, {}};
    }
    return {false, "webhook-signature does not match the body"};
}

} // namespace

AuthVerdict verifyRequest(const WebhookAuth &auth, const std::function<QByteArray(const char *)> &header,
                          const QByteArray &body, core::TimeUs now)
{
    switch (auth.kind) {
    case WebhookAuth::Kind::None:
        return {true, {}};
    case WebhookAuth::Kind::Bearer: {
        const QByteArray value = header("authorization");
        QByteArray token;
        if (value.startsWith("Bearer "))
            token = value.mid(7);
        else if (value.startsWith("Splunk "))
            token = value.mid(7);
        if (token.isEmpty())
            return {false, "an Authorization: Bearer token is required"};
        if (!core::constantTimeEquals(view(token.trimmed()), auth.secret))
            return {false, "the bearer token is not valid for this feed"};
        return {true, {}};
    }
    case WebhookAuth::Kind::Hmac: {
        if (!header("webhook-signature").isEmpty())
            return standardWebhooks(auth, header, body, now);
        const QByteArray github = header("x-hub-signature-256");
        if (github.startsWith("sha256=")) {
            const QByteArray expected = digestBytes(core::hmacSha256(auth.secret, view(body))).toHex();
            if (core::constantTimeEquals(view(github.mid(7).toLower()), view(expected)))
                return {true, {}};
            return {false, "X-Hub-Signature-256 does not match the body"};
        }
        return {false, "a webhook-signature (Standard Webhooks) or X-Hub-Signature-256 header is required"};
    }
    }
    return {false, "unknown authentication"};
}

} // namespace cordon::feeds
