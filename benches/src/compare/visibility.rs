//! The peers of `can_view` and `visible_customers`, computed independently of the core's
//! visibility code: from the plain data (employees, groups and their salespeople, customers'
//! groups, responsibilities with their periods), every visible (employee, customer) pair on one
//! date, as a `HashSet<(u32, u32)>` and as one bitset per employee over the customers in
//! Finnish order.

use super::HarnessError;
use jiff::civil::Date;
use std::collections::{HashMap, HashSet};
use vastuu::{ArchivedFilter, CustomerFilter, CustomerId, Directory, EmployeeId, Subject};

/// Every visible pair on one date, in the two forms the peers use.
#[derive(Debug)]
pub struct VisibilityPeer {
    /// (employee, customer) as raw numbers.
    pub pairs: HashSet<(u32, u32)>,
    /// Per employee: bit `i` set when the employee sees `order[i]`.
    pub bitsets: HashMap<u32, Vec<u64>>,
    /// Every customer in Finnish order (then by id): the bit positions.
    pub order: Vec<CustomerId>,
    /// Each customer's bit position.
    pub rank: HashMap<u32, usize>,
}

impl VisibilityPeer {
    /// Builds both forms for `day` from the directory's plain data.
    ///
    /// # Errors
    /// When the directory cannot list its customers (it always can).
    pub fn build(dir: &Directory, day: Date) -> Result<VisibilityPeer, HarnessError> {
        let mut every = CustomerFilter::new();
        every.archived = ArchivedFilter::Include;
        let order = dir.filter_customers(&every)?;
        let rank: HashMap<u32, usize> = order.iter().enumerate().map(|(i, c)| (c.get(), i)).collect();
        let project_customer: HashMap<u32, u32> = dir.projects().map(|p| (p.id.get(), p.customer.get())).collect();
        let group_of: HashMap<u32, Vec<u32>> = dir.customers().fold(HashMap::new(), |mut m, c| {
            if let Some(g) = c.group {
                m.entry(g.get()).or_insert_with(Vec::new).push(c.id.get());
            }
            m
        });
        let mut sees: HashMap<u32, HashSet<u32>> = HashMap::new();
        for e in dir.employees().filter(|e| e.active) {
            let set = sees.entry(e.id.get()).or_default();
            if e.sees_all {
                set.extend(order.iter().map(|c| c.get()));
                continue;
            }
            if e.sales_rights {
                for g in dir.customer_groups().filter(|g| g.salespeople.contains(&e.id)) {
                    set.extend(group_of.get(&g.id.get()).into_iter().flatten().copied());
                }
            }
        }
        for r in dir.responsibilities() {
            let Some(set) = sees.get_mut(&r.employee.get()) else { continue };
            if !r.period.contains(day) {
                continue;
            }
            let customer = match r.subject {
                Subject::Customer(c) => Some(c.get()),
                Subject::Project(p) => project_customer.get(&p.get()).copied(),
            };
            set.extend(customer);
        }
        let words = order.len().div_ceil(64);
        let mut pairs = HashSet::new();
        let mut bitsets = HashMap::new();
        for (e, customers) in sees {
            let mut bits = vec![0u64; words];
            for c in customers {
                pairs.insert((e, c));
                if let Some(&i) = rank.get(&c) {
                    bits[i / 64] |= 1 << (i % 64);
                }
            }
            bitsets.insert(e, bits);
        }
        Ok(VisibilityPeer { pairs, bitsets, order, rank })
    }

    /// The peer of `can_view` over a batch: how many pairs are in the set.
    pub fn count_in_set(&self, pairs: &[(EmployeeId, CustomerId)]) -> usize {
        pairs.iter().filter(|(e, c)| self.pairs.contains(&(e.get(), c.get()))).count()
    }

    /// The other peer of `can_view` over a batch: how many pairs have their bit set in the
    /// employee's bitset.
    pub fn count_in_bitsets(&self, pairs: &[(EmployeeId, CustomerId)]) -> usize {
        pairs.iter().filter(|(e, c)| self.in_bitset(*e, *c)).count()
    }

    /// Whether the customer's bit is set in the employee's bitset.
    #[inline]
    pub fn in_bitset(&self, employee: EmployeeId, customer: CustomerId) -> bool {
        let (Some(bits), Some(&i)) = (self.bitsets.get(&employee.get()), self.rank.get(&customer.get())) else {
            return false;
        };
        bits.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// The peer of `visible_customers`: the set bits of the employee's bitset, as customers in
    /// Finnish order. An inactive or unknown employee sees nothing.
    pub fn visible_customers(&self, employee: EmployeeId) -> Vec<CustomerId> {
        let Some(bits) = self.bitsets.get(&employee.get()) else { return Vec::new() };
        let mut out = Vec::new();
        for (w, &word) in bits.iter().enumerate() {
            let mut word = word;
            while word != 0 {
                let bit = word.trailing_zeros() as usize;
                if let Some(c) = self.order.get(w * 64 + bit) {
                    out.push(*c);
                }
                word &= word - 1;
            }
        }
        out
    }
}

/// How many of `pairs` `can_view` allows on `day` (ours, over a batch).
pub fn count_visible(dir: &Directory, pairs: &[(EmployeeId, CustomerId)], day: Date) -> usize {
    pairs.iter().filter(|(e, c)| dir.can_view(*e, *c, day).is_ok_and(|v| v.visible)).count()
}

/// Checks that the peer gives the same answers as ours: `can_view` for every pair given, and
/// `visible_customers` (same customers, same order) for every employee given.
///
/// # Errors
/// [`HarnessError::Disagree`] naming the first pair or employee that differs.
pub fn check(
    dir: &Directory,
    peer: &VisibilityPeer,
    pairs: &[(EmployeeId, CustomerId)],
    employees: &[EmployeeId],
    day: Date,
) -> Result<(), HarnessError> {
    for (e, c) in pairs {
        let ours = dir.can_view(*e, *c, day)?.visible;
        let theirs = peer.pairs.contains(&(e.get(), c.get()));
        if ours != theirs {
            return Err(HarnessError::Disagree(format!(
                "can_view({e}, {c}, {day}) is {ours}, the HashSet peer says {theirs}"
            )));
        }
        if peer.in_bitset(*e, *c) != ours {
            return Err(HarnessError::Disagree(format!(
                "can_view({e}, {c}, {day}) is {ours}, the bitset peer says not"
            )));
        }
    }
    for e in employees {
        let ours = dir.visible_customers(*e, day)?;
        let theirs = peer.visible_customers(*e);
        if ours != theirs {
            let first = ours.iter().zip(&theirs).position(|(a, b)| a != b).unwrap_or(ours.len().min(theirs.len()));
            return Err(HarnessError::Disagree(format!(
                "visible_customers({e}, {day}): ours {} customers, the bitset peer {}; first difference at {first}",
                ours.len(),
                theirs.len()
            )));
        }
    }
    Ok(())
}
