#include "core/feeds/syslog_receiver.h"

#include "core/normalize/normalizer.h"

#include <QFile>
#include <QNetworkDatagram>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUdpSocket>

namespace cordon::feeds {

/// One TCP sender: reads while the writer keeps up, pauses while it is behind.
class SyslogConnection : public QObject {
public:
    SyslogConnection(SyslogReceiver *receiver, QTcpSocket *socket) : QObject(receiver), m_receiver(receiver), m_socket(socket)
    {
        m_socket->setParent(this);
        m_locator = "TCP from " + socket->peerAddress().toString().toStdString() + ":" + std::to_string(socket->peerPort());
        connect(m_socket, &QTcpSocket::readyRead, this, &SyslogConnection::read);
        connect(m_socket, &QTcpSocket::disconnected, this, [this] {
            read();
            --m_receiver->m_connections;
            deleteLater();
        });
        m_retry.setSingleShot(true);
        connect(&m_retry, &QTimer::timeout, this, &SyslogConnection::read);
    }

private:
    void read()
    {
        // Back-pressure: while earlier messages wait for the writer, leave bytes in the kernel.
        if (!m_receiver->flush()) {
            m_retry.start(50);
            return;
        }
        m_buffer += m_socket->readAll();
        for (auto &frame : SyslogReceiver::takeFrames(m_buffer, m_receiver->m_options.maxMessageBytes, m_skipping))
            m_receiver->add(frame.message, m_locator, frame.oversized, frame.size);
    }

    SyslogReceiver *m_receiver;
    QTcpSocket *m_socket;
    QByteArray m_buffer;
    qint64 m_skipping = 0;
    std::string m_locator;
    QTimer m_retry;
};

SyslogReceiver::SyslogReceiver(core::LiveIngest &ingest, const core::Clock &clock, SyslogFeedOptions options, QObject *parent)
    : QObject(parent), m_ingest(ingest), m_clock(clock), m_options(std::move(options))
{
    m_batch.feed = m_options.feed;
    m_batchTimer.setSingleShot(true);
    connect(&m_batchTimer, &QTimer::timeout, this, [this] {
        if (!flush())
            m_batchTimer.start(m_options.batchMs);
    });
}

SyslogReceiver::~SyslogReceiver()
{
    flush();
}

core::Status SyslogReceiver::listen()
{
    const std::string where = m_options.address.toString().toStdString();
    if (m_options.udpPort) {
        m_udp = new QUdpSocket(this);
        if (!m_udp->bind(m_options.address, *m_options.udpPort))
            return core::Error{core::ErrorCode::Io, "cannot bind syslog UDP " + where + ":" + std::to_string(*m_options.udpPort)
                                                         + ": " + m_udp->errorString().toStdString()};
        // A larger receive buffer absorbs bursts while the batch is handed over.
        m_udp->setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 8 * 1024 * 1024);
        connect(m_udp, &QUdpSocket::readyRead, this, &SyslogReceiver::onDatagrams);
    }
    if (m_options.tcpPort) {
        m_tcp = new QTcpServer(this);
        if (!m_tcp->listen(m_options.address, *m_options.tcpPort))
            return core::Error{core::ErrorCode::Io, "cannot listen for syslog TCP on " + where + ":"
                                                         + std::to_string(*m_options.tcpPort) + ": "
                                                         + m_tcp->errorString().toStdString()};
        connect(m_tcp, &QTcpServer::newConnection, this, &SyslogReceiver::onNewConnection);
    }
    return {};
}

quint16 SyslogReceiver::udpPort() const
{
    return m_udp ? m_udp->localPort() : 0;
}

quint16 SyslogReceiver::tcpPort() const
{
    return m_tcp ? m_tcp->serverPort() : 0;
}

std::int64_t SyslogReceiver::kernelDrops() const
{
    if (!m_udp)
        return -1;
    // /proc/net/udp: "sl local_address rem_address st ... drops", addresses in hex.
    for (const char *table : {"/proc/net/udp", "/proc/net/udp6"}) {
        QFile f(QString::fromLatin1(table));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray port = ":" + QByteArray::number(udpPort(), 16).toUpper().rightJustified(4, '0');
        for (const QByteArray &line : f.readAll().split('\n')) {
            const QList<QByteArray> fields = line.simplified().split(' ');
            if (fields.size() > 12 && fields[1].endsWith(port))
                return fields.last().toLongLong();
        }
    }
    return -1;
}

std::vector<SyslogReceiver::Frame> SyslogReceiver::takeFrames(QByteArray &buffer, qsizetype maxMessage, qint64 &skipping)
{
    std::vector<Frame> frames;
    const qsizetype size = buffer.size();
    qsizetype pos = 0;
    while (pos < size) {
        if (skipping > 0) {   // the rest of an oversized octet-counted frame
            const qint64 n = std::min<qint64>(skipping, size - pos);
            pos += n;
            skipping -= n;
            continue;
        }
        if (skipping < 0) {   // the rest of an oversized newline-framed message
            const qsizetype end = buffer.indexOf('\n', pos);
            if (end < 0) {
                pos = size;
                break;
            }
            skipping = 0;
            pos = end + 1;
            continue;
        }
        const char c = buffer[pos];
        if (c == '\n' || c == '\r' || c == '\0') {
            ++pos;
            continue;
        }
        // RFC 6587 octet counting, "LEN SP MSG": a frame that starts with a digit (a syslog
        // message itself starts with '<' or a month name).
        if (c >= '1' && c <= '9') {
            const qsizetype space = buffer.indexOf(' ', pos);
            if (space < 0 && size - pos <= 10)
                break;   // the length is still arriving
            bool ok = space > pos && space - pos <= 10;
            const qint64 length = ok ? buffer.mid(pos, space - pos).toLongLong(&ok) : 0;
            if (ok) {
                const qsizetype start = space + 1;
                const qint64 available = size - start;
                if (length > maxMessage) {
                    frames.push_back({buffer.mid(start, std::min<qint64>(maxMessage, available)), true, length});
                    skipping = length - std::min<qint64>(length, available);
                    pos = start + std::min<qint64>(length, available);
                    continue;
                }
                if (available < length)
                    break;   // wait for the whole frame
                frames.push_back({buffer.mid(start, length), false, length});
                pos = start + length;
                continue;
            }
        }
        // Newline framing.
        const qsizetype end = buffer.indexOf('\n', pos);
        if (end < 0) {
            if (size - pos > maxMessage) {
                // No newline within the limit: reject what came and drop up to the next one.
                frames.push_back({buffer.mid(pos, maxMessage), true, size - pos});
                skipping = -1;
                pos = size;
            }
            break;
        }
        QByteArray message = buffer.mid(pos, end - pos);
        if (message.endsWith('\r'))
            message.chop(1);
        frames.push_back({message.left(maxMessage), message.size() > maxMessage, message.size()});
        pos = end + 1;
    }
    buffer.remove(0, pos);
    return frames;
}

void SyslogReceiver::add(const QByteArray &message, const std::string &locator, bool oversized, qint64 size)
{
    ++m_counters.messages;
    const std::string_view text(message.constData(), static_cast<std::size_t>(message.size()));
    const core::TimeUs now = m_clock.now();
    auto reject = [&](std::string reason) {
        core::DeadLetter dead;
        dead.source = m_options.feed;
        dead.locator = locator;
        dead.reason = std::move(reason);
        dead.raw = std::string(text);
        dead.rawSize = static_cast<std::uint64_t>(size);
        dead.rawSha256 = core::Sha256::of(text);   // of what was kept: the rest never arrived whole
        m_batch.deadLetters.push_back(std::move(dead));
    };
    if (oversized) {
        ++m_counters.oversized;
        reject("syslog frame of " + std::to_string(size) + " bytes exceeds the " + std::to_string(m_options.maxMessageBytes)
               + "-byte limit; its first bytes are kept");
    } else if (auto n = core::normalizeRecord(text, {m_options.feed, now}, {core::Format::Syslog, {}})) {
        std::move(n->events.begin(), n->events.end(), std::back_inserter(m_batch.events));
    } else {
        reject(n.error().message);
    }
    if (m_batch.records() >= 2000)
        flush();
    else if (!m_batchTimer.isActive())
        m_batchTimer.start(m_options.batchMs);
}

bool SyslogReceiver::flush()
{
    if (m_batch.records() == 0)
        return true;
    if (m_ingest.submit(m_batch, {})) {
        m_batch = core::LiveDelivery{};
        m_batch.feed = m_options.feed;
        return true;
    }
    // The writer is behind. TCP readers stop reading meanwhile; UDP cannot push back, so
    // beyond a bound the held messages are dropped, and counted.
    if (m_batch.records() > 50'000) {
        m_counters.droppedBusy += static_cast<std::int64_t>(m_batch.records());
        m_batch = core::LiveDelivery{};
        m_batch.feed = m_options.feed;
    }
    return false;
}

void SyslogReceiver::onDatagrams()
{
    while (m_udp->hasPendingDatagrams()) {
        const qint64 size = m_udp->pendingDatagramSize();
        const QNetworkDatagram datagram = m_udp->receiveDatagram(m_options.maxMessageBytes + 1);
        const std::string locator = "UDP from " + datagram.senderAddress().toString().toStdString() + ":"
            + std::to_string(datagram.senderPort());
        add(datagram.data().left(m_options.maxMessageBytes), locator, size > m_options.maxMessageBytes, size);
    }
}

void SyslogReceiver::onNewConnection()
{
    while (QTcpSocket *socket = m_tcp->nextPendingConnection()) {
        if (m_connections >= m_options.maxConnections) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        ++m_connections;
        new SyslogConnection(this, socket);
    }
}

} // namespace cordon::feeds
