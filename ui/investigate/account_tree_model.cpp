#include "ui/investigate/account_tree_model.h"

#include "core/domain/event_flags.h"
#include "core/query/case_reader.h"
#include "ui/case_reads.h"
#include "ui/qt_text.h"
#include "ui/time_text.h"

#include <QLocale>

namespace cordon::ui {

namespace inv = core::investigation;

struct AccountTreeModel::Node {
    NodeKind kind = NodeKind::Account;
    Node *parent = nullptr;
    int row = 0;
    std::vector<std::unique_ptr<Node>> children;
    bool fetched = false, fetching = false;
    inv::AccountRow account;   // the account, or the one a session or event belongs to
    inv::SessionRow session;
    core::EventRow event;
};

namespace {

QString flagsText(std::uint32_t flags)
{
    QStringList names;
    for (std::string_view n : core::flagNames(flags))
        names << qstr(n);
    return names.join(QStringLiteral(", "));
}

} // namespace

AccountTreeModel::AccountTreeModel(CaseReads &reads, QObject *parent)
    : QAbstractItemModel(parent), m_reads(reads), m_root(std::make_unique<Node>())
{
}

AccountTreeModel::~AccountTreeModel() = default;

void AccountTreeModel::reset()
{
    beginResetModel();
    ++m_generation;
    m_root = std::make_unique<Node>();
    m_pagedAccounts = 0;
    m_moreAccounts = true;
    endResetModel();
}

AccountTreeModel::Node *AccountTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex AccountTreeModel::indexOf(Node *node) const
{
    return node == m_root.get() || !node ? QModelIndex() : createIndex(node->row, 0, node);
}

QModelIndex AccountTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    const Node *p = nodeOf(parent);
    if (row < 0 || column < 0 || column >= ColumnCount || row >= static_cast<int>(p->children.size()))
        return {};
    return createIndex(row, column, p->children[static_cast<std::size_t>(row)].get());
}

QModelIndex AccountTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexOf(nodeOf(child)->parent);
}

int AccountTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return static_cast<int>(nodeOf(parent)->children.size());
}

int AccountTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool AccountTreeModel::hasChildren(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return false;
    const Node *n = nodeOf(parent);
    if (n == m_root.get())
        return !n->children.empty() || m_moreAccounts;
    if (n->kind == NodeKind::Event)
        return false;
    return n->fetched ? !n->children.empty() : true;   // unknown until opened
}

bool AccountTreeModel::canFetchMore(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return false;
    const Node *n = nodeOf(parent);
    if (n->fetching)
        return false;
    if (n == m_root.get())
        return m_moreAccounts;
    return n->kind != NodeKind::Event && !n->fetched;
}

void AccountTreeModel::insert(Node *parent, std::vector<std::unique_ptr<Node>> children)
{
    parent->fetching = false;
    if (children.empty())
        return;
    const int first = static_cast<int>(parent->children.size());
    beginInsertRows(indexOf(parent), first, first + static_cast<int>(children.size()) - 1);
    for (auto &c : children) {
        c->parent = parent;
        c->row = static_cast<int>(parent->children.size());
        parent->children.push_back(std::move(c));
    }
    endInsertRows();
}

void AccountTreeModel::fetchMore(const QModelIndex &parentIndex)
{
    if (!canFetchMore(parentIndex))
        return;
    Node *parent = nodeOf(parentIndex);
    parent->fetching = true;
    auto out = std::make_shared<std::vector<std::unique_ptr<Node>>>();
    const unsigned generation = m_generation;
    auto done = [this, parent, out, generation] {
        if (generation != m_generation)
            return;   // the node belongs to a tree since reset
        parent->fetched = true;
        const QModelIndex at = indexOf(parent);
        insert(parent, std::move(*out));
        Q_EMIT childrenLoaded(at);
    };
    if (parent == m_root.get()) {
        const int offset = m_pagedAccounts;
        auto page = std::make_shared<std::vector<inv::AccountRow>>();
        m_reads.read([page, offset](core::CaseReader &r) { *page = inv::accountsByRisk(r.db(), offset, kAccountPage); }, this,
                     [this, page, out, done, generation] {
                         if (generation != m_generation)
                             return;
                         m_pagedAccounts += static_cast<int>(page->size());
                         m_moreAccounts = page->size() == static_cast<std::size_t>(kAccountPage);
                         for (auto &a : *page) {
                             const bool known = std::any_of(m_root->children.begin(), m_root->children.end(),
                                                            [&](const auto &n) { return n->account.id == a.id; });
                             if (known)
                                 continue;   // added earlier by findAccount
                             auto n = std::make_unique<Node>();
                             n->account = std::move(a);
                             out->push_back(std::move(n));
                         }
                         done();
                     });
        return;
    }
    const inv::AccountRow account = parent->account;
    if (parent->kind == NodeKind::Account) {
        auto sessions = std::make_shared<std::vector<inv::SessionRow>>();
        m_reads.read([sessions, id = account.id](core::CaseReader &r) { *sessions = inv::sessionsOf(r.db(), id); }, this,
                     [sessions, out, done, account] {
                         for (auto &s : *sessions) {
                             auto n = std::make_unique<Node>();
                             n->kind = NodeKind::Session;
                             n->account = account;
                             n->session = std::move(s);
                             out->push_back(std::move(n));
                         }
                         done();
                     });
        return;
    }
    auto events = std::make_shared<std::vector<core::EventRow>>();
    m_reads.read(
        [events, accountId = account.id, sessionId = parent->session.id](core::CaseReader &r) {
            auto rows = r.eventsById(inv::sessionEvents(r.db(), accountId, sessionId, kSessionEvents));
            if (!rows)
                throw std::runtime_error(rows.error().message);
            *events = std::move(rows.value());
        },
        this, [events, out, done, account, session = parent->session] {
            for (auto &e : *events) {
                auto n = std::make_unique<Node>();
                n->kind = NodeKind::Event;
                n->account = account;
                n->session = session;
                n->event = std::move(e);
                out->push_back(std::move(n));
            }
            done();
        });
}

void AccountTreeModel::findAccount(const QString &name, std::function<void(const QModelIndex &)> then)
{
    for (const auto &n : m_root->children) {
        if (QString::fromStdString(n->account.name) == name) {
            then(indexOf(n.get()));
            return;
        }
    }
    auto found = std::make_shared<std::optional<inv::AccountRow>>();
    const unsigned generation = m_generation;
    m_reads.read([found, name = name.toStdString()](core::CaseReader &r) { *found = inv::accountNamed(r.db(), name); }, this,
                 [this, found, then, generation, name] {
                     if (generation != m_generation || !*found) {
                         then({});
                         return;
                     }
                     for (const auto &n : m_root->children) {   // a page may have brought it meanwhile
                         if (QString::fromStdString(n->account.name) == name) {
                             then(indexOf(n.get()));
                             return;
                         }
                     }
                     std::vector<std::unique_ptr<Node>> one;
                     one.push_back(std::make_unique<Node>());
                     one.back()->account = std::move(**found);
                     const bool fetching = m_root->fetching;
                     insert(m_root.get(), std::move(one));
                     m_root->fetching = fetching;   // a page may still be on its way
                     then(indexOf(m_root->children.back().get()));
                 });
}

const inv::AccountRow *AccountTreeModel::accountAt(const QModelIndex &index) const
{
    const Node *n = nodeOf(index);
    return n == m_root.get() ? nullptr : &n->account;
}

const inv::SessionRow *AccountTreeModel::sessionAt(const QModelIndex &index) const
{
    const Node *n = nodeOf(index);
    return n == m_root.get() || n->kind == NodeKind::Account ? nullptr : &n->session;
}

QVariant AccountTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node *n = nodeOf(index);
    switch (role) {
    case Qt::DisplayRole:
        switch (n->kind) {
        case NodeKind::Account:
            if (index.column() == Name)
                return QString::fromStdString(n->account.name);
            if (index.column() == Summary) {
                QString s = tr("risk %1 · %2 requests · %3 jailbreak attempts")
                                .arg(qRound(n->account.risk))
                                .arg(QLocale().toString(static_cast<qlonglong>(n->account.requests)))
                                .arg(n->account.jailbreakAttempts);
                if (n->account.suspend)
                    s += tr(" · meets suspension criteria");
                return s;
            }
            return n->account.lastSeen ? formatLocalTime(n->account.lastSeen).left(19) : QString();
        case NodeKind::Session:
            if (index.column() == Name)
                return n->session.id ? QString::fromStdString(n->session.name) : tr("(no session)");
            if (index.column() == Summary) {
                const QString flags = flagsText(n->session.flags);
                return tr("%1 events").arg(n->session.events) + (flags.isEmpty() ? QString() : QStringLiteral(" · ") + flags);
            }
            return formatLocalTime(n->session.first).left(19);
        case NodeKind::Event:
            if (index.column() == Name)
                return QString::fromStdString(n->event.kind);
            if (index.column() == Summary)
                return QString::fromStdString(n->event.promptPreview.empty() ? n->event.outputPreview : n->event.promptPreview);
            return formatLocalTime(n->event.eventTime).left(19);
        }
        return {};
    case Qt::ToolTipRole:
        if (n->kind == NodeKind::Account && !n->account.reasons.empty()) {
            QStringList reasons;
            for (const auto &r : n->account.reasons)
                reasons << QString::fromStdString(r);
            return reasons.join(QLatin1Char('\n'));
        }
        return {};
    case NodeKindRole: return static_cast<int>(n->kind);
    case AccountRole: return QString::fromStdString(n->account.name);
    case SessionRole: return n->kind == NodeKind::Account ? QString() : QString::fromStdString(n->session.name);
    case EventIdRole: return n->kind == NodeKind::Event ? QVariant(static_cast<qlonglong>(n->event.id)) : QVariant();
    case FlagsRole:
        return static_cast<uint>(n->kind == NodeKind::Event ? n->event.flags : n->kind == NodeKind::Session ? n->session.flags : 0);
    case RiskRole: return n->account.risk;
    default: return {};
    }
}

QVariant AccountTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Account / session / event");
    case Summary: return tr("What");
    case When: return tr("Last seen / started / time");
    default: return {};
    }
}

} // namespace cordon::ui
