#pragma once

#include "core/ingest/live_ingest.h"

#include <QHostAddress>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <optional>

class QTcpServer;
class QUdpSocket;

namespace cordon::feeds {

struct SyslogFeedOptions {
    std::string feed = "syslog";
    QHostAddress address = QHostAddress::LocalHost;
    std::optional<quint16> udpPort, tcpPort;   ///< 0: any free port
    qsizetype maxMessageBytes = 64 * 1024;       ///< longer frames are rejected, framing kept
    int batchMs = 50;                            ///< messages are handed over in batches
    int maxConnections = 64;
};

struct SyslogCounters {
    std::atomic<std::int64_t> messages{0}, oversized{0}, droppedBusy{0};
};

/// Syslog over UDP (one message per datagram) and TCP (RFC 6587 octet counting or
/// newline framing, detected per frame). A frame over the size limit is rejected to the
/// dead letters without losing sync with the stream. TCP stops reading while the case
/// writer is behind, so the sender feels back-pressure; UDP cannot push back, so what
/// cannot be queued is counted as dropped, as are the kernel's own drops (kernelDrops).
class SyslogReceiver : public QObject {
    Q_OBJECT
public:
    SyslogReceiver(core::LiveIngest &ingest, const core::Clock &clock, SyslogFeedOptions options,
                   QObject *parent = nullptr);
    ~SyslogReceiver() override;

    core::Status listen();
    quint16 udpPort() const;
    quint16 tcpPort() const;
    const SyslogCounters &counters() const { return m_counters; }
    /// Datagrams the kernel dropped on the UDP socket (its receive buffer was full), from
    /// /proc/net/udp; -1 when unknown.
    std::int64_t kernelDrops() const;

    /// Splits a TCP byte stream into messages; complete frames are removed from `buffer`.
    /// Oversized frames come back with `oversized` set and only their first bytes.
    struct Frame {
        QByteArray message;
        bool oversized = false;
        qint64 size = 0;
    };
    static std::vector<Frame> takeFrames(QByteArray &buffer, qsizetype maxMessage, qint64 &skipping);

private:
    friend class SyslogConnection;
    void add(const QByteArray &message, const std::string &locator, bool oversized, qint64 size);
    bool flush();
    void onDatagrams();
    void onNewConnection();

    core::LiveIngest &m_ingest;
    const core::Clock &m_clock;
    SyslogFeedOptions m_options;
    QUdpSocket *m_udp = nullptr;
    QTcpServer *m_tcp = nullptr;
    QTimer m_batchTimer;
    core::LiveDelivery m_batch;
    int m_connections = 0;
    SyslogCounters m_counters;
};

} // namespace cordon::feeds
