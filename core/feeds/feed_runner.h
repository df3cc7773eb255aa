#pragma once

#include "core/ingest/live_ingest.h"
#include "core/store/feed_definitions.h"
#include "core/util/expected.h"

#include <QObject>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cordon::feeds {

/// The running transports of a case's feeds, built from their stored definitions. Lives on
/// a thread with an event loop: the transports' sockets and timers fire there. Used by
/// `cordon-cli listen` and by the window's Feeds dock.
class FeedRunner : public QObject {
    Q_OBJECT
public:
    FeedRunner(core::LiveIngest &ingest, const core::Clock &clock, QObject *parent = nullptr);
    ~FeedRunner() override;

    /// Starts a feed from its definition; `checkpoint` is its stored position (a tailed
    /// file's). Says where it listens or what it follows.
    core::Expected<std::string> start(const core::FeedDefinition &feed, const std::optional<std::string> &checkpoint);
    /// Stops a feed, handing over what its transport still holds.
    void stop(const std::string &name);
    void stopAll();
    bool isRunning(const std::string &name) const { return m_running.count(name) != 0; }
    std::vector<std::string> running() const;

Q_SIGNALS:
    /// A running transport hit a problem by itself (a failed poll); it keeps running.
    void transportFailed(const QString &feed, const QString &message);

private:
    struct Running {
        std::unique_ptr<QObject> transport;
        std::function<void()> drain;   ///< hands over what is read but not yet submitted
    };
    core::LiveIngest &m_ingest;
    const core::Clock &m_clock;
    std::map<std::string, Running> m_running;
};

} // namespace cordon::feeds
