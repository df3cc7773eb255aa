#include "core/feeds/http_post.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QThread>
#include <QUrl>

#include <algorithm>
#include <chrono>

namespace cordon::feeds {
namespace {

constexpr qsizetype kMaxBody = 16 * 1024;
constexpr int kMaxWaitMs = 30'000;

bool retryable(int status)
{
    return status == 0 || status == 408 || status == 429 || status >= 500;
}

} // namespace

nlohmann::json HttpPostResult::toJson() const
{
    nlohmann::json j = {{"status", status}, {"attempts", attempts}, {"trail", trail}};
    auto parsed = nlohmann::json::parse(body, nullptr, false);
    j["body"] = parsed.is_discarded() ? nlohmann::json(body) : parsed;
    if (!error.empty())
        j["error"] = error;
    return j;
}

HttpPost configuredPost(const nlohmann::json &config, std::string body)
{
    HttpPost post;
    post.timeoutMs = config.value("timeout_ms", post.timeoutMs);
    post.retries = config.value("retries", post.retries);
    post.backoffMs = config.value("backoff_ms", post.backoffMs);
    post.headers["User-Agent"] = "Cordon/" CORDON_VERSION;
    post.body = std::move(body);
    return post;
}

HttpPostResult postJson(const HttpPost &post)
{
    HttpPostResult result;
    const QUrl url(QString::fromStdString(post.url));
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        result.error = "not an http(s) URL: " + post.url;
        return result;
    }
    QNetworkAccessManager network;
    int waitMs = post.backoffMs;
    for (int attempt = 0; attempt <= post.retries; ++attempt) {
        QNetworkRequest request(url);
        request.setTransferTimeout(post.timeoutMs);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        for (const auto &[name, value] : post.headers)
            request.setRawHeader(QByteArray::fromStdString(name), QByteArray::fromStdString(value));
        const auto t0 = std::chrono::steady_clock::now();
        QNetworkReply *reply = network.post(request, QByteArray::fromStdString(post.body));
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        if (!reply->isFinished())
            loop.exec();
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();

        ++result.attempts;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->isOpen() ? reply->read(kMaxBody).toStdString() : std::string();
        nlohmann::json step = {{"ms", ms}};
        if (result.status)
            step["status"] = result.status;
        if (result.status >= 200 && result.status < 300) {
            result.ok = true;
            result.error.clear();
            result.trail.push_back(step);
            reply->deleteLater();
            return result;
        }
        if (result.status == 0) {
            const bool timedOut = reply->error() == QNetworkReply::OperationCanceledError
                || reply->error() == QNetworkReply::TimeoutError;
            result.error = timedOut ? "no answer within " + std::to_string(post.timeoutMs) + " ms"
                                    : reply->errorString().toStdString();
        } else {
            result.error = "the endpoint answered " + std::to_string(result.status);
        }
        step["error"] = result.error;
        result.trail.push_back(step);
        const QByteArray retryAfter = reply->rawHeader("Retry-After");
        reply->deleteLater();
        if (!retryable(result.status) || attempt == post.retries)
            break;
        bool numeric = false;
        const int retryAfterS = retryAfter.toInt(&numeric);
        const int sleepMs = std::min(kMaxWaitMs, numeric ? retryAfterS * 1000 : waitMs);
        QThread::msleep(static_cast<unsigned long>(std::max(0, sleepMs)));
        waitMs *= 2;
    }
    return result;
}

} // namespace cordon::feeds
