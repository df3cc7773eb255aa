#include "ui/feed_controller.h"

#include "ui/case_writes.h"

#include "core/feeds/feed_runner.h"

#include <QPointer>

namespace cordon::ui {
namespace {
const std::string kActor = "cordon (GUI)";
}

FeedController::FeedController(QObject *parent) : QObject(parent), m_threadContext(new QObject)
{
    m_thread.setObjectName(QStringLiteral("feeds"));
    m_threadContext->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_threadContext, &QObject::deleteLater);
    m_thread.start();
}

FeedController::~FeedController()
{
    detach();
    m_thread.quit();
    m_thread.wait();
}

void FeedController::attach(core::LiveIngest *writer)
{
    detach();
    if (!writer)
        return;
    m_writer = writer;
    const unsigned generation = ++m_generation;
    QMetaObject::invokeMethod(m_threadContext, [this, writer, generation] {
        m_runner = new feeds::FeedRunner(*writer, core::SystemClock::instance());
        m_runnerGeneration = generation;
        connect(m_runner, &feeds::FeedRunner::transportFailed, this, [this](const QString &feed, const QString &message) {
            m_problems.insert(feed, message);
            Q_EMIT feedsChanged();
        });
    }, Qt::BlockingQueuedConnection);
    // The feeds the case has enabled run whenever the case is open for writing.
    QPointer<FeedController> self(this);
    writer->post([self, generation](core::Database &db) {
        const auto definitions = core::feed_store::list(db);
        QMetaObject::invokeMethod(self, [self, definitions, generation] {
            for (const auto &f : definitions) {
                if (self && self->m_generation == generation && f.enabled)
                    self->start(f);
            }
        }, Qt::QueuedConnection);
    });
}

void FeedController::detach()
{
    if (!m_writer)
        return;
    ++m_generation;
    // Writes already posted finish first (their follow-ups on the feeds thread queue up
    // before the runner goes); then each transport hands over what it holds.
    m_writer->flush();
    QMetaObject::invokeMethod(m_threadContext, [this] {
        delete m_runner;
        m_runner = nullptr;
    }, Qt::BlockingQueuedConnection);
    m_writer = nullptr;
    m_where.clear();
    m_problems.clear();
    Q_EMIT feedsChanged();
}

std::map<std::string, core::FeedStats> FeedController::stats() const
{
    return m_writer ? m_writer->stats() : std::map<std::string, core::FeedStats>{};
}

void FeedController::start(const core::FeedDefinition &feed)
{
    if (!m_writer)
        return;
    QPointer<FeedController> self(this);
    QObject *context = m_threadContext;
    const unsigned generation = m_generation;
    // A tailed file resumes from the position stored with its events.
    m_writer->post([self, context, generation, feed](core::Database &db) {
        const auto checkpoint = core::LiveIngest::checkpoint(db, feed.name);
        QMetaObject::invokeMethod(context, [self, generation, feed, checkpoint] {
            if (!self || !self->m_runner || self->m_runnerGeneration != generation)
                return;
            auto where = self->m_runner->start(feed, checkpoint);
            const QString name = QString::fromStdString(feed.name);
            const QString text = QString::fromStdString(where ? *where : where.error().message);
            QMetaObject::invokeMethod(self, [self, generation, name, text, ok = bool(where)] {
                if (!self || self->m_generation != generation)
                    return;
                if (ok) {
                    self->m_where.insert(name, text);
                    self->m_problems.remove(name);
                } else {
                    self->m_where.remove(name);
                    self->m_problems.insert(name, text);
                }
                Q_EMIT self->feedsChanged();
            }, Qt::QueuedConnection);
        }, Qt::QueuedConnection);
    });
}

void FeedController::stop(const QString &name)
{
    if (!m_writer)
        return;
    // The transport goes on its own thread (it first lets its in-flight deliveries commit
    // and answers them), so the window does not wait; the row says Stopped once it is gone.
    QPointer<FeedController> self(this);
    const unsigned generation = m_generation;
    QMetaObject::invokeMethod(m_threadContext, [self, generation, name] {
        if (!self || !self->m_runner || self->m_runnerGeneration != generation)
            return;
        self->m_runner->stop(name.toStdString());
        QMetaObject::invokeMethod(self, [self, generation, name] {
            if (!self || self->m_generation != generation)
                return;
            self->m_where.remove(name);
            self->m_problems.remove(name);
            Q_EMIT self->feedsChanged();
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

void FeedController::write(std::function<core::Status(core::Database &)> job, std::function<void(const QString &)> then)
{
    if (!m_writer) {
        then(tr("the case is open read-only; feeds are changed by the process writing it"));
        return;
    }
    postWrite(*m_writer, this, std::move(job), [this, generation = m_generation, then = std::move(then)](const QString &error) {
        if (m_generation == generation)
            then(error);
    });
}

void FeedController::save(const core::FeedDefinition &feed, const QString &previousName)
{
    const bool wasRunning = !previousName.isEmpty() && isRunning(previousName);
    if (wasRunning)
        stop(previousName);
    const std::string previous = previousName.toStdString();
    write([feed, previous](core::Database &db) -> core::Status {
              const auto &clock = core::SystemClock::instance();
              if (previous.empty()) {
                  auto id = core::feed_store::add(db, clock, kActor, feed);
                  return id ? core::Status{} : core::Status{id.error()};
              }
              return core::feed_store::update(db, clock, kActor, previous, feed);
          },
          [this, feed, wasRunning, previousName](const QString &error) {
              const QString name = QString::fromStdString(feed.name);
              if (error.isEmpty() && feed.enabled)
                  start(feed);
              else if (!error.isEmpty() && wasRunning)
                  m_problems.insert(previousName, tr("stopped to save a change that was refused: %1").arg(error));
              Q_EMIT definitionSaved(name, error);
              Q_EMIT feedsChanged();
          });
}

void FeedController::setRunning(const core::FeedDefinition &feed, bool run)
{
    const QString name = QString::fromStdString(feed.name);
    if (!run)
        stop(name);
    write([n = feed.name, run](core::Database &db) {
              return core::feed_store::setEnabled(db, core::SystemClock::instance(), kActor, n, run);
          },
          [this, feed, run, name](const QString &error) {
              if (error.isEmpty() && run)
                  start(feed);
              Q_EMIT definitionSaved(name, error);
          });
}

void FeedController::remove(const QString &name)
{
    stop(name);
    write([n = name.toStdString()](core::Database &db) {
              return core::feed_store::remove(db, core::SystemClock::instance(), kActor, n);
          },
          [this, name](const QString &error) { Q_EMIT definitionSaved(name, error); });
}

} // namespace cordon::ui
