#include "core/feeds/http_receiver.h"

#include "core/ingest/delivery.h"
#include "core/util/sha256.h"

#include <QCoreApplication>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <http_parser.h>
#include <nlohmann/json.hpp>

#include <map>

#include <sys/socket.h>

namespace cordon::feeds {
namespace {

const char *reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    default: return "Error";
    }
}

QByteArray errorBody(const std::string &message)
{
    return QByteArray::fromStdString(nlohmann::json{{"error", message}}.dump());
}

bool isLoopbackName(const QByteArray &host)
{
    return host == "localhost" || host == "127.0.0.1" || host == "[::1]" || host == "::1";
}

} // namespace

/// One client connection: feeds bytes to http-parser, enforces the limits in its callbacks,
/// and answers one request at a time (later pipelined bytes wait until the answer is sent).
class HttpConnection : public QObject {
public:
    HttpConnection(HttpReceiver *receiver, QTcpSocket *socket)
        : QObject(receiver), m_receiver(receiver), m_socket(socket)
    {
        m_socket->setParent(this);
        http_parser_settings_init(&m_settings);
        m_settings.on_message_begin = [](http_parser *p) { return self(p)->onMessageBegin(); };
        m_settings.on_url = [](http_parser *p, const char *at, size_t n) { return self(p)->onUrl(at, n); };
        m_settings.on_header_field = [](http_parser *p, const char *at, size_t n) { return self(p)->onField(at, n); };
        m_settings.on_header_value = [](http_parser *p, const char *at, size_t n) { return self(p)->onValue(at, n); };
        m_settings.on_headers_complete = [](http_parser *p) { return self(p)->onHeadersComplete(); };
        m_settings.on_body = [](http_parser *p, const char *at, size_t n) { return self(p)->onBody(at, n); };
        m_settings.on_message_complete = [](http_parser *p) { return self(p)->onMessageComplete(); };
        http_parser_init(&m_parser, HTTP_REQUEST);
        m_parser.data = this;

        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, &HttpConnection::onTimeout);
        m_timer.start(m_receiver->m_options.idleTimeoutMs);
        connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
        connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::finish);
    }

private:
    static HttpConnection *self(http_parser *p) { return static_cast<HttpConnection *>(p->data); }
    const HttpFeedOptions &options() const { return m_receiver->m_options; }

    void onReadyRead()
    {
        if (m_closing) {
            m_socket->readAll();   // draining what the client still sends after our final answer
            return;
        }
        m_buffer += m_socket->readAll();
        parseBuffered();
    }

    void parseBuffered()
    {
        while (!m_busy && !m_closing && !m_buffer.isEmpty()) {
            const size_t n = http_parser_execute(&m_parser, &m_settings, m_buffer.constData(),
                                                 static_cast<size_t>(m_buffer.size()));
            m_buffer.remove(0, static_cast<qsizetype>(n));
            const auto err = HTTP_PARSER_ERRNO(&m_parser);
            if (err == HPE_PAUSED) {
                http_parser_pause(&m_parser, 0);   // a whole request is in hand: answer it first
                continue;
            }
            if (err != HPE_OK) {
                if (m_failStatus)
                    respond(m_failStatus, errorBody(m_failReason), true);
                else
                    respond(400, errorBody(std::string("malformed HTTP: ") + http_errno_description(err)), true);
                return;
            }
            if (n == 0)
                break;
        }
    }

    int fail(int status, std::string reason)
    {
        m_failStatus = status;
        m_failReason = std::move(reason);
        return -1;   // stops the parser; parseBuffered answers
    }

    int onMessageBegin()
    {
        m_url.clear();
        m_headers.clear();
        m_field.clear();
        m_lastWasValue = false;
        m_headerBytes = 0;
        m_body.clear();
        m_failStatus = 0;
        m_timer.start(options().readTimeoutMs);   // the whole request must arrive in time
        return 0;
    }

    int countHeader(size_t n)
    {
        m_headerBytes += static_cast<qint64>(n);
        return m_headerBytes > options().maxHeaderBytes
            ? fail(431, "request line and headers exceed " + std::to_string(options().maxHeaderBytes) + " bytes")
            : 0;
    }

    int onUrl(const char *at, size_t n)
    {
        m_url.append(at, static_cast<qsizetype>(n));
        return countHeader(n);
    }

    int onField(const char *at, size_t n)
    {
        if (m_lastWasValue) {
            m_field.clear();
            m_lastWasValue = false;
        }
        m_field.append(QByteArray(at, static_cast<qsizetype>(n)).toLower());
        return countHeader(n);
    }

    int onValue(const char *at, size_t n)
    {
        m_headers[m_field].append(at, static_cast<qsizetype>(n));
        m_lastWasValue = true;
        return countHeader(n);
    }

    int onHeadersComplete()
    {
        // Refused before a byte of the body is buffered.
        if (m_parser.content_length != ULLONG_MAX
            && m_parser.content_length > static_cast<std::uint64_t>(options().maxBodyBytes))
            return fail(413, "the body of " + std::to_string(m_parser.content_length) + " bytes exceeds the "
                                 + std::to_string(options().maxBodyBytes) + "-byte limit");
        return 0;
    }

    int onBody(const char *at, size_t n)
    {
        if (m_body.size() + static_cast<qsizetype>(n) > options().maxBodyBytes)
            return fail(413, "the body exceeds the " + std::to_string(options().maxBodyBytes) + "-byte limit");
        m_body.append(at, static_cast<qsizetype>(n));
        return 0;
    }

    QByteArray header(const char *name) const
    {
        auto it = m_headers.find(QByteArray(name));
        return it == m_headers.end() ? QByteArray() : it->second.trimmed();
    }

    /// The sender's id for this delivery, so a retry is recognised: the IETF Idempotency-Key
    /// header, Standard Webhooks' webhook-id, or GitHub's X-GitHub-Delivery.
    QByteArray deliveryId() const
    {
        for (const char *name : {"idempotency-key", "webhook-id", "x-github-delivery"}) {
            if (QByteArray id = header(name); !id.isEmpty())
                return id;
        }
        return {};
    }

    int onMessageComplete()
    {
        m_timer.stop();
        m_busy = true;
        m_keepAlive = http_should_keep_alive(&m_parser) != 0;
        http_parser_pause(&m_parser, 1);
        handle();
        return 0;
    }

    void handle()
    {
        HttpReceiver &r = *m_receiver;
        ++r.m_counters.requests;
        const QByteArray path = m_url.left(m_url.indexOf('?') < 0 ? m_url.size() : m_url.indexOf('?'));
        QByteArray host = header("host");
        if (host.startsWith('['))
            host = host.left(host.indexOf(']') + 1);
        else if (host.contains(':'))
            host = host.left(host.indexOf(':'));
        if (!isLoopbackName(host.toLower()) && !options().allowedHosts.contains(QString::fromUtf8(host), Qt::CaseInsensitive))
            return respond(403, errorBody("Host \"" + host.toStdString() + "\" is not this receiver's"));
        if (!header("origin").isEmpty())
            return respond(403, errorBody("requests from web pages (with an Origin header) are refused"));
        const auto method = static_cast<http_method>(m_parser.method);
        if (path == "/v1/health" && method == HTTP_GET)
            return respond(200, R"({"status":"ok"})");
        bool known = false;
        const auto format = HttpReceiver::formatForPath(path, known);
        if (!known)
            return respond(404, errorBody("no endpoint " + path.toStdString()));
        if (method != HTTP_POST)
            return respond(405, errorBody("use POST"));
        const QByteArray type = header("content-type").toLower();
        if (!type.startsWith("application/json") && !type.startsWith("application/x-ndjson"))
            return respond(415, errorBody("Content-Type must be application/json"));
        const AuthVerdict auth = verifyRequest(options().auth, [this](const char *n) { return header(n); }, m_body,
                                               r.m_clock.now());
        if (!auth.ok)
            return respond(401, errorBody(auth.reason));

        core::NormalizeOptions normalize;
        normalize.format = format;
        normalize.json = options().json;
        const std::string locator = "HTTP " + path.toStdString() + " from " + m_socket->peerAddress().toString().toStdString()
            + ":" + std::to_string(m_socket->peerPort());
        core::ParsedDelivery parsed = core::parseDelivery(std::string_view(m_body.constData(), static_cast<size_t>(m_body.size())),
                                                          options().feed, locator, r.m_clock.now(), normalize);
        if (parsed.records == 0)
            return respond(400, errorBody("the body holds no records"));
        if (const QByteArray id = deliveryId(); !id.isEmpty()) {
            if (id.size() > 256)
                return respond(400, errorBody("a delivery id is at most 256 bytes"));
            parsed.delivery.deliveryId = id.toStdString();
            parsed.delivery.bodySha256 = core::Sha256::of(std::string_view(m_body.constData(), static_cast<size_t>(m_body.size())));
        }
        const bool allRejected = parsed.delivery.events.empty() && parsed.delivery.indicators.empty();
        const std::string firstError = parsed.firstError;
        // The answer is made on this thread once the writer has committed. The receiver
        // outlives every callback (LiveIngest is flushed before receivers are destroyed);
        // the connection may not, hence the guard.
        QPointer<HttpConnection> guard(this);
        HttpReceiver *receiver = &r;
        auto answer = [guard, allRejected, firstError](const core::LiveResult &res) {
            if (!guard)
                return;
            if (!res.committed)
                return guard->respond(503, errorBody(res.error));
            if (res.idReused)
                return guard->respond(422, errorBody(res.error));
            if (allRejected)
                return guard->respond(400, errorBody(firstError + " (kept in the dead letters)"));
            nlohmann::json body{{"accepted", res.accepted},
                                {"duplicates", res.duplicates},
                                {"rejected", res.rejected},
                                {"indicators", res.indicators}};
            if (res.replayed)
                body["replayed"] = true;   // a retry of a delivery already stored
            guard->respond(200, QByteArray::fromStdString(body.dump()));
        };
        const bool queued = r.m_ingest.submit(parsed.delivery, [receiver, answer](const core::LiveResult &res) {
            QMetaObject::invokeMethod(receiver, [answer, res] { answer(res); }, Qt::QueuedConnection);
        });
        if (!queued) {
            ++r.m_counters.busy;
            respond(429, errorBody("the case writer is behind; retry after the given seconds"));
        }
    }

    void respond(int status, const QByteArray &body, bool close = false)
    {
        HttpReceiver &r = *m_receiver;
        if (status == 200)
            ++r.m_counters.ok;
        else if (status >= 400 && status < 500 && status != 429)
            ++r.m_counters.clientErrors;
        if (!close)
            close = !m_keepAlive || status == 413 || status == 431 || status == 408;
        QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
        out += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
        if (status == 429 || status == 503)
            out += "Retry-After: " + QByteArray::number(options().retryAfterSeconds) + "\r\n";
        if (status == 401)
            out += "WWW-Authenticate: Bearer\r\n";
        out += close ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n";
        out += body;
        m_socket->write(out);
        m_busy = false;
        if (close) {
            lingeringClose();
            return;
        }
        m_timer.start(options().idleTimeoutMs);
        QTimer::singleShot(0, this, [this] { parseBuffered(); });
    }

    /// Closing with unread request bytes makes the kernel send a reset that can destroy
    /// the answer before the client reads it (a 413 mid-upload). So: send the answer, shut
    /// down our side, and discard what still arrives for a moment before closing.
    void lingeringClose()
    {
        m_closing = true;
        m_timer.stop();
        auto shutdownWrite = [this] {
            if (m_socket->bytesToWrite() > 0 || m_shutDown)
                return;
            m_shutDown = true;
            ::shutdown(static_cast<int>(m_socket->socketDescriptor()), SHUT_WR);
            QTimer::singleShot(2000, this, [this] { m_socket->abort(); finish(); });
        };
        connect(m_socket, &QTcpSocket::bytesWritten, this, shutdownWrite);
        m_socket->flush();
        shutdownWrite();
    }

    void onTimeout()
    {
        if (m_busy)
            return;   // waiting for the writer is not the sender's fault
        if (HTTP_PARSER_ERRNO(&m_parser) == HPE_OK && m_headerBytes == 0 && m_body.isEmpty() && m_url.isEmpty()) {
            m_closing = true;   // an idle keep-alive connection: nothing unread
            m_socket->disconnectFromHost();
            return;
        }
        ++m_receiver->m_counters.timeouts;
        respond(408, errorBody("the request did not arrive within " + std::to_string(options().readTimeoutMs) + " ms"), true);
    }

    void finish()
    {
        if (m_finished)
            return;
        m_finished = true;
        --m_receiver->m_connections;
        deleteLater();
    }

    HttpReceiver *m_receiver;
    QTcpSocket *m_socket;
    http_parser m_parser{};
    http_parser_settings m_settings{};
    QTimer m_timer;
    QByteArray m_buffer, m_url, m_field, m_body;
    std::map<QByteArray, QByteArray> m_headers;
    bool m_lastWasValue = false, m_busy = false, m_keepAlive = true, m_closing = false, m_finished = false;
    bool m_shutDown = false;
    qint64 m_headerBytes = 0;
    int m_failStatus = 0;
    std::string m_failReason;
};

HttpReceiver::HttpReceiver(core::LiveIngest &ingest, const core::Clock &clock, HttpFeedOptions options, QObject *parent)
    : QObject(parent), m_ingest(ingest), m_clock(clock), m_options(std::move(options)), m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &HttpReceiver::onNewConnection);
}

HttpReceiver::~HttpReceiver()
{
    // Deliveries still being committed answer through this object: take no new connection,
    // let them commit, and write their answers before the connections go.
    m_server->close();
    m_ingest.flush();
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    for (QTcpSocket *socket : findChildren<QTcpSocket *>())
        socket->flush();
}

core::Status HttpReceiver::listen()
{
    if (!m_server->listen(m_options.address, m_options.port))
        return core::Error{core::ErrorCode::Io, "cannot listen on " + m_options.address.toString().toStdString() + ":"
                                                     + std::to_string(m_options.port) + ": "
                                                     + m_server->errorString().toStdString()};
    return {};
}

quint16 HttpReceiver::port() const
{
    return m_server->serverPort();
}

std::optional<core::Format> HttpReceiver::formatForPath(const QByteArray &path, bool &known)
{
    static const std::map<QByteArray, std::optional<core::Format>> kRoutes = {
        {"/v1/events", std::nullopt},
        {"/v1/alertmanager", core::Format::Alertmanager},
        {"/v1/grafana", core::Format::Grafana},
        {"/v1/otlp/traces", core::Format::OtlpTraces},
        {"/v1/traces", core::Format::OtlpTraces},
        {"/v1/litellm", core::Format::LiteLlm},
        {"/v1/langfuse", core::Format::Langfuse},
        {"/v1/ecs", core::Format::Ecs},
        {"/v1/ocsf", core::Format::Ocsf},
        {"/v1/stix", core::Format::Stix},
        {"/v1/misp", core::Format::Misp},
        {"/v1/syslog", core::Format::Syslog},
        {"/services/collector", core::Format::SplunkHec},
        {"/services/collector/event", core::Format::SplunkHec},
    };
    auto it = kRoutes.find(path);
    known = it != kRoutes.end();
    return known ? it->second : std::nullopt;
}

void HttpReceiver::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        if (m_connections >= m_options.maxConnections) {
            ++m_counters.refusedConnections;
            const QByteArray body = errorBody("too many connections");
            socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\n"
                          "Connection: close\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            socket->disconnectFromHost();
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            continue;
        }
        ++m_connections;
        new HttpConnection(this, socket);
    }
}

} // namespace cordon::feeds
