#pragma once

// A small HTTP/1.1 server on loopback that plays an AI gateway's admin API (or a chat or
// paging service) for tests: it records every request and answers from a script, including
// failures, Retry-After and silence (for timeouts). Runs on the thread that owns it, so the
// code under test must run on another thread while this one spins its event loop.
#include <QCoreApplication>
#include <QHash>
#include <QTcpServer>
#include <QTcpSocket>

#include <deque>
#include <future>
#include <map>
#include <string>
#include <vector>

namespace cordon::test {

struct GatewayRequest {
    QByteArray method, path, body;
    std::map<QByteArray, QByteArray> headers;   ///< names lower-cased
    QByteArray header(const char *name) const
    {
        auto it = headers.find(QByteArray(name).toLower());
        return it == headers.end() ? QByteArray() : it->second;
    }
};

struct GatewayAnswer {
    int status = 200;
    QByteArray body = "{\"ok\":true}";
    QByteArray retryAfter;   ///< sent as Retry-After when set
    bool silent = false;     ///< never answer (the client times out)
};

class FakeGateway : public QObject {
public:
    FakeGateway()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, this, [this, s] { read(s); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }

    QString url(const QString &path = QStringLiteral("/admin/actions")) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path);
    }
    /// Answers for the next requests, in order; after them every request gets 200.
    void script(std::deque<GatewayAnswer> answers) { m_script = std::move(answers); }
    const std::vector<GatewayRequest> &requests() const { return m_requests; }
    void clear() { m_requests.clear(); }

private:
    void read(QTcpSocket *s)
    {
        QByteArray &buf = m_buffers[s];
        buf += s->readAll();
        for (;;) {
            const int end = buf.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            GatewayRequest r;
            const QList<QByteArray> lines = buf.left(end).split('\n');
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            r.method = first.value(0);
            r.path = first.value(1);
            for (int i = 1; i < lines.size(); ++i) {
                const int colon = lines[i].indexOf(':');
                if (colon > 0)
                    r.headers[lines[i].left(colon).trimmed().toLower()] = lines[i].mid(colon + 1).trimmed();
            }
            const int length = r.header("content-length").toInt();
            if (buf.size() < end + 4 + length)
                return;
            r.body = buf.mid(end + 4, length);
            buf.remove(0, end + 4 + length);
            m_requests.push_back(r);
            GatewayAnswer a;
            if (!m_script.empty()) {
                a = m_script.front();
                m_script.pop_front();
            }
            if (a.silent)
                continue;
            QByteArray out = "HTTP/1.1 " + QByteArray::number(a.status) + " X\r\nContent-Type: application/json\r\n";
            if (!a.retryAfter.isEmpty())
                out += "Retry-After: " + a.retryAfter + "\r\n";
            out += "Content-Length: " + QByteArray::number(a.body.size()) + "\r\n\r\n" + a.body;
            s->write(out);
        }
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    std::deque<GatewayAnswer> m_script;
    std::vector<GatewayRequest> m_requests;
};

/// Runs `work` on another thread while this thread's event loop keeps serving.
template<class F>
auto offThread(F work)
{
    auto future = std::async(std::launch::async, std::move(work));
    while (future.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    return future.get();
}

} // namespace cordon::test
