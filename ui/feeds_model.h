#pragma once

#include "core/ingest/live_ingest.h"
#include "core/store/feed_definitions.h"

#include <QAbstractTableModel>

#include <map>
#include <vector>

namespace cordon::ui {

class FeedController;

/// The case's feeds with their live state and counters, one row per definition.
class FeedsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Kind, State, Rate, Accepted, Rejected, Duplicates, LastSeen, Detail, ColumnCount };
    enum Role { RunningRole = Qt::UserRole + 1 };

    FeedsModel(const FeedController &controller, QObject *parent = nullptr);

    void setDefinitions(std::vector<core::FeedDefinition> feeds);
    /// Re-reads running state and counters (once a second while the dock is shown).
    void refreshStats();
    const core::FeedDefinition *definition(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString state(const core::FeedDefinition &f) const;
    QString detail(const core::FeedDefinition &f) const;

    const FeedController &m_controller;
    std::vector<core::FeedDefinition> m_feeds;
    std::map<std::string, core::FeedStats> m_stats;
};

/// "HTTP webhook", "Syslog (UDP)", … for a stored kind.
QString feedKindLabel(const std::string &kind);

} // namespace cordon::ui
