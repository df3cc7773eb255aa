#include "ui/response/response_desk.h"

#include "core/feeds/http_action_connector.h"
#include "core/feeds/notification_sender.h"
#include "core/query/case_reader.h"
#include "ui/case_reads.h"
#include "ui/case_writes.h"

#include <QPointer>
#include <QThreadPool>
#include <QTimer>

#include <memory>

namespace cordon::ui {
namespace {

namespace r = core::response;
constexpr int kRoundMs = 60'000;

/// Runs `work` on the global pool and `then` with its result on `context`'s thread.
template<class T>
void offUiThread(QObject *context, std::function<T()> work, std::function<void(T)> then)
{
    QPointer<QObject> guard(context);
    QThreadPool::globalInstance()->start([guard, work = std::move(work), then = std::move(then)] {
        T result = work();
        if (!guard)
            return;
        QMetaObject::invokeMethod(guard, [guard, then, result = std::move(result)] {
            if (guard)
                then(result);
        }, Qt::QueuedConnection);
    });
}

QString text(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace

ResponseDesk::ResponseDesk(CaseWrites &writes, QObject *parent)
    : QObject(parent), m_writes(writes), m_reads(new CaseReads(this)), m_rounds(new QTimer(this))
{
    connect(m_reads, &CaseReads::failed, this, &ResponseDesk::problem);
    m_rounds->setInterval(kRoundMs);
    connect(m_rounds, &QTimer::timeout, this, &ResponseDesk::notifyNow);
    connect(&m_writes, &CaseWrites::writableChanged, this, [this](bool writable) {
        if (writable && m_open) {
            m_rounds->start();
            notifyNow();
        } else {
            m_rounds->stop();
        }
    });
}

ResponseDesk::~ResponseDesk() = default;

void ResponseDesk::open(const QString &path)
{
    m_open = true;
    m_reading.reset();
    m_snapshot = {};
    m_reads->open(path);
    reload();
    if (m_writes.writable()) {   // the writer may have come before the case was shown
        m_rounds->start();
        notifyNow();
    }
}

void ResponseDesk::close()
{
    m_open = false;
    m_rounds->stop();
    m_reads->close();
    m_reading.reset();
    m_snapshot = {};
    Q_EMIT changed();
}

bool ResponseDesk::writable() const
{
    return m_writes.writable();
}

void ResponseDesk::reload()
{
    if (!m_open || !m_reading.begin())
        return;
    auto fresh = std::make_shared<ResponseSnapshot>();
    m_reads->read([fresh](core::CaseReader &reader) { *fresh = readResponse(reader.db()); }, this, [this, fresh] {
        m_snapshot = std::move(*fresh);
        if (!m_snapshot.problem.isEmpty())
            Q_EMIT problem(m_snapshot.problem);
        Q_EMIT changed();
        if (m_reading.end())
            reload();
    });
}

void ResponseDesk::read(std::function<void(core::Database &)> job, QObject *context, std::function<void()> then)
{
    m_reads->read([job = std::move(job)](core::CaseReader &reader) { job(reader.db()); }, context, std::move(then));
}

void ResponseDesk::change(const QString &what, std::function<core::Status(core::Database &)> job, const QString &done)
{
    m_writes.write(std::move(job), [this, what, done](const QString &error) {
        if (!error.isEmpty())
            Q_EMIT problem(tr("%1: %2").arg(what, error));
        else if (!done.isEmpty())
            Q_EMIT status(done);
        Q_EMIT wrote();
        reload();
    });
}

void ResponseDesk::deliver(std::vector<std::int64_t> ids, r::ActionDelivery::Operation op, const QString &note, bool dryRun)
{
    deliverNext(std::move(ids), op, note, dryRun, 0);
}

void ResponseDesk::deliverNext(std::vector<std::int64_t> ids, r::ActionDelivery::Operation op, QString note, bool dryRun,
                               int failures)
{
    if (ids.empty()) {
        Q_EMIT wrote();
        reload();
        if (failures == 0)
            Q_EMIT status(dryRun ? tr("Dry run done; nothing was changed at the targets") : tr("Delivered"));
        return;
    }
    const std::int64_t id = ids.front();
    ids.erase(ids.begin());
    const std::string actor = responderName().toStdString();
    // Read and checked on the reader, delivered on the pool, recorded on the writer.
    auto prepared = std::make_shared<core::Expected<r::PreparedDelivery>>(core::Error{core::ErrorCode::Invalid, ""});
    read([=](core::Database &db) { *prepared = r::prepareDelivery(db, id, op, actor, note.toStdString(), dryRun); }, this,
         [=, this] {
             if (!*prepared) {
                 Q_EMIT problem(tr("Action %1: %2").arg(id).arg(text(prepared->error().message)));
                 deliverNext(ids, op, note, dryRun, failures + 1);
                 return;
             }
             Q_EMIT status(tr("Delivering action %1…").arg(id));
             const r::PreparedDelivery ready = prepared->value();
             offUiThread<r::DeliveryOutcome>(
                 this, [ready] { return r::deliver(ready, feeds::httpConnectorFactory()); },
                 [=, this](const r::DeliveryOutcome &outcome) {
                     m_writes.write(
                         [ready, outcome](core::Database &db) {
                             return r::recordDelivery(db, core::SystemClock::instance(), ready, outcome);
                         },
                         [=, this](const QString &error) {
                             int failed = failures;
                             if (!error.isEmpty() || !outcome.ok) {
                                 ++failed;
                                 Q_EMIT problem(tr("Action %1 was not delivered: %2")
                                                    .arg(id)
                                                    .arg(error.isEmpty() ? text(outcome.error) : error));
                             }
                             deliverNext(ids, op, note, dryRun, failed);
                         });
                 });
         });
}

void ResponseDesk::notifyNow()
{
    if (!m_open || !m_writes.writable())
        return;
    m_writes.write(
        [](core::Database &db) -> core::Status {
            const auto &clock = core::SystemClock::instance();
            if (auto started = r::startDueClocks(db, clock); !started)
                return started.error();
            if (auto queued = r::queueNotifications(db, clock); !queued)
                return queued.error();
            return {};
        },
        [this](const QString &error) {
            if (!error.isEmpty())
                Q_EMIT problem(tr("Notifications: %1").arg(error));
            sendMessages();
        });
}

void ResponseDesk::sendMessages()
{
    if (m_sending)
        return;
    m_sending = true;
    auto due = std::make_shared<std::vector<r::OutgoingMessage>>();
    read([due](core::Database &db) { *due = r::messagesToSend(db); }, this, [this, due] {
        if (due->empty()) {
            m_sending = false;
            reload();
            return;
        }
        offUiThread<std::vector<std::pair<std::int64_t, r::SendOutcome>>>(
            this,
            [due] {
                std::vector<std::pair<std::int64_t, r::SendOutcome>> out;
                for (const auto &m : *due)
                    out.emplace_back(m.id, feeds::sendMessage(m));
                return out;
            },
            [this](const std::vector<std::pair<std::int64_t, r::SendOutcome>> &outcomes) {
                m_writes.write(
                    [outcomes](core::Database &db) -> core::Status {
                        for (const auto &[id, outcome] : outcomes) {
                            if (auto s = r::recordSend(db, core::SystemClock::instance(), id, outcome); !s)
                                return s;
                        }
                        return {};
                    },
                    [this, outcomes](const QString &error) {
                        m_sending = false;
                        int failed = 0;
                        for (const auto &[id, outcome] : outcomes)
                            failed += outcome.ok ? 0 : 1;
                        if (!error.isEmpty())
                            Q_EMIT problem(tr("Notifications: %1").arg(error));
                        else if (failed > 0)
                            Q_EMIT problem(tr("%n notification(s) could not be sent; see the communications log", "", failed));
                        else
                            Q_EMIT status(tr("%n notification(s) sent", "", int(outcomes.size())));
                        reload();
                    });
            });
    });
}

} // namespace cordon::ui
