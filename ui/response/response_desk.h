#pragma once

#include "core/response/connectors.h"
#include "ui/coalesced_read.h"
#include "ui/response/response_snapshot.h"

#include <QObject>

#include <functional>

class QTimer;

namespace cordon::ui {

class CaseReads;
class CaseWrites;

/// The response as the window runs it: reads the response snapshot on a reader of its own,
/// makes changes through the case's writer, delivers actions to their connectors on a pool
/// thread (a slow gateway never holds up the UI or the feeds), and every minute starts the
/// regulatory clocks the case's facts call for and tells the notification channels what is
/// new. The Response and Tasks pages and the overview share it.
class ResponseDesk : public QObject {
    Q_OBJECT
public:
    ResponseDesk(CaseWrites &writes, QObject *parent = nullptr);
    ~ResponseDesk() override;

    void open(const QString &path);
    void close();
    /// Reads the snapshot again (one read out at a time; changes meanwhile read once more).
    void reload();
    const ResponseSnapshot &snapshot() const { return m_snapshot; }
    bool writable() const;

    /// Runs `job` on the writer, then reloads; a refusal is reported through problem()
    /// prefixed with `what`, success through status() with `done` when given.
    void change(const QString &what, std::function<core::Status(core::Database &)> job, const QString &done = {});
    /// Delivers each of `ids` in turn through its connector (execute, revert or a dry run),
    /// recording each outcome; `note` is what a person did, for manual connectors.
    void deliver(std::vector<std::int64_t> ids, core::response::ActionDelivery::Operation op, const QString &note,
                 bool dryRun = false);
    /// Starts due clocks, queues notifications and sends what is due, now.
    void notifyNow();
    /// Reads something on the desk's reader; `then` runs on the UI thread.
    void read(std::function<void(core::Database &)> job, QObject *context, std::function<void()> then);

Q_SIGNALS:
    /// A new snapshot was read.
    void changed();
    /// The desk wrote to the case (other views of it may want to read again).
    void wrote();
    void problem(const QString &message);
    void status(const QString &message);

private:
    void deliverNext(std::vector<std::int64_t> ids, core::response::ActionDelivery::Operation op, QString note,
                     bool dryRun, int failures);
    void sendMessages();

    CaseWrites &m_writes;
    CaseReads *m_reads;
    QTimer *m_rounds;
    ResponseSnapshot m_snapshot;
    CoalescedRead m_reading;
    bool m_sending = false;
    bool m_open = false;
};

} // namespace cordon::ui
