#include "ui/triage/triage_lane_model.h"

#include "ui/qt_text.h"

#include <QDataStream>
#include <QIODevice>
#include <QLocale>
#include <QMimeData>

#include <algorithm>

namespace cordon::ui {

Lane laneOf(core::AlertStatus s)
{
    switch (s) {
    case core::AlertStatus::New: return Lane::New;
    case core::AlertStatus::Acknowledged: return Lane::Acknowledged;
    case core::AlertStatus::Escalated: return Lane::Escalated;
    case core::AlertStatus::Merged:
    case core::AlertStatus::Dismissed:
    case core::AlertStatus::Resolved: return Lane::Closed;
    }
    return Lane::New;
}

QString laneTitle(Lane lane)
{
    switch (lane) {
    case Lane::New: return TriageLaneModel::tr("New");
    case Lane::Acknowledged: return TriageLaneModel::tr("Acknowledged");
    case Lane::Escalated: return TriageLaneModel::tr("Escalated");
    case Lane::Closed: return TriageLaneModel::tr("Resolved / Dismissed");
    }
    return {};
}

QString TriageLaneModel::mimeType()
{
    return QStringLiteral("application/x-cordon-alert-ids");
}

TriageLaneModel::TriageLaneModel(Lane lane, QObject *parent) : QAbstractListModel(parent), m_lane(lane) {}

void TriageLaneModel::setAlerts(const std::vector<core::AlertSummary> &alerts, const AlertAccountsMap &accounts,
                                core::TimeUs now)
{
    std::vector<Card> cards;
    for (const auto &a : alerts) {
        if (laneOf(a.status) != m_lane)
            continue;
        const auto it = accounts.find(a.id);
        cards.push_back({a, it == accounts.end() ? core::AlertAccounts{} : it->second});
    }
    m_now = now;
    // The same cards in the same order: repaint them in place, keeping selection and scroll.
    const bool sameCards = std::equal(cards.begin(), cards.end(), m_cards.begin(), m_cards.end(),
                                      [](const Card &x, const Card &y) { return x.alert.id == y.alert.id; });
    if (sameCards) {
        m_cards = std::move(cards);
        if (!m_cards.empty())
            Q_EMIT dataChanged(index(0), index(rowCount() - 1));
        return;
    }
    beginResetModel();
    m_cards = std::move(cards);
    endResetModel();
}

void TriageLaneModel::setNow(core::TimeUs now)
{
    m_now = now;
    if (!m_cards.empty())
        Q_EMIT dataChanged(index(0), index(rowCount() - 1), {SlaStateRole, SlaTextRole});
}

const core::AlertSummary *TriageLaneModel::alertAt(int row) const
{
    return row >= 0 && row < rowCount() ? &m_cards[static_cast<std::size_t>(row)].alert : nullptr;
}

const core::AlertAccounts &TriageLaneModel::accountsAt(int row) const
{
    static const core::AlertAccounts none;
    return row >= 0 && row < rowCount() ? m_cards[static_cast<std::size_t>(row)].accounts : none;
}

int TriageLaneModel::rowOf(std::int64_t alertId) const
{
    const auto it = std::find_if(m_cards.begin(), m_cards.end(), [alertId](const Card &c) { return c.alert.id == alertId; });
    return it == m_cards.end() ? -1 : static_cast<int>(it - m_cards.begin());
}

int TriageLaneModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_cards.size());
}

QVariant TriageLaneModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Card &card = m_cards[static_cast<std::size_t>(index.row())];
    const core::AlertSummary &a = card.alert;
    switch (role) {
    case Qt::DisplayRole: return QString::fromStdString(a.title);
    case Qt::ToolTipRole: return alertHtml(a, card.accounts, m_now);
    case Qt::AccessibleTextRole:
        return tr("%1, %2, %3").arg(qstr(core::toString(a.severity)), QString::fromStdString(a.title), slaText(a, m_now));
    case AlertIdRole: return static_cast<qlonglong>(a.id);
    case SeverityRole: return static_cast<int>(a.severity);
    case StatusRole: return qstr(core::toString(a.status));
    case SlaStateRole: return static_cast<int>(slaState(a, m_now));
    case SlaTextRole: return m_lane == Lane::Closed ? QString() : slaText(a, m_now);   // closed: no clock runs
    case CriteriaRole: return a.criteria.empty() ? QString() : QString::fromStdString(a.criteria.back());
    case SummaryRole: {
        QStringList parts;
        if (m_lane == Lane::Closed)
            parts << qstr(core::toString(a.status));
        parts << (a.eventCount == 1 ? tr("1 event") : tr("%1 events").arg(QLocale().toString(static_cast<qlonglong>(a.eventCount))));
        if (const QString who = accountsText(card.accounts); !who.isEmpty())
            parts << who;
        if (!a.assignee.empty())
            parts << tr("→ %1").arg(QString::fromStdString(a.assignee));
        return parts.join(QStringLiteral(" · "));
    }
    default: return {};
    }
}

Qt::ItemFlags TriageLaneModel::flags(const QModelIndex &index) const
{
    // Cards accept drops too, so a card can be let go of anywhere over a column.
    if (!index.isValid())
        return Qt::ItemIsDropEnabled;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled | Qt::ItemIsDropEnabled
         | Qt::ItemNeverHasChildren;
}

QStringList TriageLaneModel::mimeTypes() const
{
    return {mimeType()};
}

QMimeData *TriageLaneModel::mimeData(const QModelIndexList &indexes) const
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    QList<qint64> ids;
    for (const QModelIndex &i : indexes) {
        if (i.isValid())
            ids << i.data(AlertIdRole).toLongLong();
    }
    out << ids;
    auto *data = new QMimeData;
    data->setData(mimeType(), bytes);
    return data;
}

QList<qint64> TriageLaneModel::decode(const QMimeData *data)
{
    QList<qint64> ids;
    if (!data || !data->hasFormat(mimeType()))
        return ids;
    QDataStream in(data->data(mimeType()));
    in >> ids;
    return in.status() == QDataStream::Ok ? ids : QList<qint64>();
}

bool TriageLaneModel::canDropMimeData(const QMimeData *data, Qt::DropAction action, int, int, const QModelIndex &) const
{
    if (action != Qt::MoveAction || !data || !data->hasFormat(mimeType()))
        return false;
    const QList<qint64> ids = decode(data);
    // A card let go of in its own column is no decision.
    return std::any_of(ids.begin(), ids.end(), [this](qint64 id) { return rowOf(id) < 0; });
}

bool TriageLaneModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                   const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    QList<qint64> ids = decode(data);
    ids.removeIf([this](qint64 id) { return rowOf(id) >= 0; });
    Q_EMIT alertsDropped(ids);
    // Nothing moves until the decision is committed and the case read again; the source's
    // removeRows is not implemented, so it keeps its card meanwhile.
    return true;
}

Qt::DropActions TriageLaneModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

Qt::DropActions TriageLaneModel::supportedDragActions() const
{
    return Qt::MoveAction;
}

} // namespace cordon::ui
