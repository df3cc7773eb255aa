#pragma once

#include "core/ingest/live_ingest.h"
#include "core/store/feed_definitions.h"

#include <QHash>
#include <QObject>
#include <QThread>

#include <map>
#include <string>

namespace cordon::feeds {
class FeedRunner;
}

namespace cordon::ui {

/// Runs a case's feeds for the window. The transports live on their own "feeds" thread (so
/// parsing deliveries never touches the UI thread) and commit through the case's writer;
/// definition changes are written by that writer too, so they never interleave with a
/// commit. Every call is made on the UI thread and returns at once; outcomes arrive as
/// signals.
class FeedController : public QObject {
    Q_OBJECT
public:
    explicit FeedController(QObject *parent = nullptr);
    ~FeedController() override;

    /// Takes the case's writer and starts the feeds the case has enabled.
    void attach(core::LiveIngest *writer);
    /// Stops every transport (they hand over what they hold) and lets go of the writer.
    /// Blocks until the transports are gone.
    void detach();
    bool isAttached() const { return m_writer != nullptr; }

    /// Saves a definition (new when `previousName` is empty), restarting the feed if it ran.
    void save(const core::FeedDefinition &feed, const QString &previousName);
    /// Starts or stops a feed and remembers that choice in the case (enabled/disabled).
    void setRunning(const core::FeedDefinition &feed, bool run);
    void remove(const QString &name);

    bool isRunning(const QString &name) const { return m_where.contains(name); }
    /// Where a running feed listens or what it follows.
    QString where(const QString &name) const { return m_where.value(name); }
    /// Why a feed is not running or what its transport last reported.
    QString problem(const QString &name) const { return m_problems.value(name); }
    std::map<std::string, core::FeedStats> stats() const;

Q_SIGNALS:
    /// Running state, a problem or a definition changed: views re-read.
    void feedsChanged();
    /// A definition change was committed (or refused, with the reason in `error`).
    void definitionSaved(const QString &name, const QString &error);

private:
    void start(const core::FeedDefinition &feed);
    void stop(const QString &name);
    /// Runs `job` on the writer, then `then` on the UI thread with the job's error text.
    void write(std::function<core::Status(core::Database &)> job, std::function<void(const QString &)> then);

    QThread m_thread;
    QObject *m_threadContext;           ///< lives on m_thread; queued calls target it
    feeds::FeedRunner *m_runner = nullptr;   ///< created, used and deleted on m_thread
    unsigned m_runnerGeneration = 0;         ///< which attach() m_runner serves (m_thread's)
    core::LiveIngest *m_writer = nullptr;
    unsigned m_generation = 0;   ///< counts attach()es; answers from an earlier one are dropped
    QHash<QString, QString> m_where, m_problems;
};

} // namespace cordon::ui
