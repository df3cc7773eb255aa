#pragma once

#include "core/query/event_row.h"
#include "core/query/investigation.h"

#include <QAbstractItemModel>

#include <functional>
#include <memory>

namespace cordon::ui {

class CaseReads;

/// Account → Session → Event, read as the user opens it: accounts riskiest first in pages
/// of 200, an account's sessions when it is expanded, a session's events (up to 1,000, in
/// event-time order) when that is. Every read runs on CaseReads' thread; rows are inserted
/// when they arrive.
class AccountTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { Name, Summary, When, ColumnCount };
    enum class NodeKind { Account, Session, Event };
    enum Role { NodeKindRole = Qt::UserRole + 1, AccountRole, SessionRole, EventIdRole, FlagsRole, RiskRole };
    static constexpr int kAccountPage = 200;
    static constexpr int kSessionEvents = 1000;

    explicit AccountTreeModel(CaseReads &reads, QObject *parent = nullptr);
    ~AccountTreeModel() override;

    /// Forgets everything read (a case was opened or closed); the first page is read again on demand.
    void reset();
    /// The row of the account named `name`, read and added first when it is not on a page
    /// read so far; `then` gets an invalid index when the case has no such account.
    void findAccount(const QString &name, std::function<void(const QModelIndex &)> then);
    const core::investigation::AccountRow *accountAt(const QModelIndex &index) const;
    const core::investigation::SessionRow *sessionAt(const QModelIndex &index) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// Children of `parent` arrived (the tree may want to open or select them).
    void childrenLoaded(const QModelIndex &parent);

private:
    struct Node;
    Node *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOf(Node *node) const;
    void insert(Node *parent, std::vector<std::unique_ptr<Node>> children);

    CaseReads &m_reads;
    std::unique_ptr<Node> m_root;
    int m_pagedAccounts = 0;    ///< accounts read by page (others may be added by findAccount)
    bool m_moreAccounts = true;
    unsigned m_generation = 0;  ///< bumped by reset(): answers for an older tree are dropped
};

} // namespace cordon::ui
