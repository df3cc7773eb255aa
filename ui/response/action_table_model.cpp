#include "ui/response/action_table_model.h"

#include "ui/qt_text.h"
#include "ui/time_text.h"

#include <QBrush>
#include <QColor>

namespace cordon::ui {
namespace {

using core::response::ActionState;

bool listed(ActionState s, ActionTableModel::Show show)
{
    switch (show) {
    case ActionTableModel::Show::Inbox: return s == ActionState::Proposed;
    case ActionTableModel::Show::Open:
        return s != ActionState::Rejected && s != ActionState::Reverted;
    case ActionTableModel::Show::All: return true;
    }
    return true;
}

QColor stateColour(ActionState s)
{
    switch (s) {
    case ActionState::Proposed: return QColor(0x1f, 0x6f, 0xd1);
    case ActionState::Approved: return QColor(0x8a, 0x5c, 0x00);
    case ActionState::Executed: return QColor(0x2e, 0x7d, 0x32);
    case ActionState::Verified: return QColor(0x1b, 0x5e, 0x20);
    case ActionState::Failed: return QColor(0xc6, 0x28, 0x28);
    case ActionState::Rejected:
    case ActionState::Reverted: return QColor(0x75, 0x75, 0x75);
    }
    return {};
}

} // namespace

QString stepText(const std::optional<std::string> &who, const std::optional<core::TimeUs> &when)
{
    if (!when)
        return {};
    return QStringLiteral("%1, %2").arg(QString::fromStdString(who.value_or("?")), formatLocalTime(*when));
}

void ActionTableModel::setActions(const std::vector<core::response::Action> &actions, Show show)
{
    beginResetModel();
    m_actions.clear();
    for (const auto &a : actions) {
        if (listed(a.state, show))
            m_actions.push_back(a);
    }
    endResetModel();
}

std::int64_t ActionTableModel::actionId(int row) const
{
    return row >= 0 && row < rowCount() ? m_actions[static_cast<std::size_t>(row)].id : 0;
}

int ActionTableModel::rowOf(std::int64_t id) const
{
    for (std::size_t i = 0; i < m_actions.size(); ++i) {
        if (m_actions[i].id == id)
            return static_cast<int>(i);
    }
    return -1;
}

int ActionTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_actions.size());
}

int ActionTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ActionTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &a = m_actions[static_cast<std::size_t>(index.row())];
    if (role == ActionIdRole)
        return QVariant::fromValue(static_cast<qint64>(a.id));
    if (role == Qt::ForegroundRole && index.column() == State)
        return QBrush(stateColour(a.state));
    if (role == Qt::ToolTipRole && index.column() == State && a.failure)
        return QString::fromStdString(*a.failure);
    if (role == Qt::ToolTipRole && index.column() == Description)
        return QString::fromStdString(a.reason);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Id: return QVariant::fromValue(static_cast<qint64>(a.id));
    case State: return qstr(toString(a.state));
    case Description: return QString::fromStdString(a.description());
    case Phase: return qstr(core::toString(a.phase));
    case Origin: return QString::fromStdString(a.origin.empty() ? std::string("by hand") : a.origin);
    case Proposed: return stepText(a.proposedBy, a.proposedAt);
    case Approved: return a.rejectedAt ? tr("rejected: %1").arg(stepText(a.rejectedBy, a.rejectedAt)) : stepText(a.approvedBy, a.approvedAt);
    case Executed: return stepText(a.executedBy, a.executedAt);
    case Reverted: return stepText(a.revertedBy, a.revertedAt);
    case Connector: return QString::fromStdString(a.connector.empty() ? std::string("manual") : a.connector);
    }
    return {};
}

QVariant ActionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const names[] = {QT_TR_NOOP("#"), QT_TR_NOOP("State"), QT_TR_NOOP("Action"),
                                        QT_TR_NOOP("Phase"), QT_TR_NOOP("From"), QT_TR_NOOP("Proposed"),
                                        QT_TR_NOOP("Approved"), QT_TR_NOOP("Executed"), QT_TR_NOOP("Reverted"),
                                        QT_TR_NOOP("Connector")};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

} // namespace cordon::ui
