//! Units and roles: two families over the same people. trappa never shows
//! a unit × role cell, but a role can lie inside a set of units (politicians
//! all count in the whole municipality's unit), and then the units minus
//! the role give the rest of those units.

use super::safe;

/// Whether two families over the same people (units and roles) can be
/// shown together. `cells[u][r]` are the sizes of the people in unit u with
/// role r. Units and roles cross, so a sum of unit pieces minus a sum of
/// role pieces is a set of people only where the role pieces lie inside
/// the unit pieces (politicians, who all count in the whole municipality's
/// unit, lie inside it), and then it is the rest of those unit pieces; the
/// same the other way round. Each such rest must hold 0 or ≥ k.
pub fn crossing_safe(
    cells: &[Vec<Vec<u64>>],
    unit_atoms: &[Vec<usize>],
    role_atoms: &[Vec<usize>],
    k: u64,
) -> bool {
    let width = cells
        .first()
        .and_then(|row| row.first())
        .map_or(1, Vec::len);
    // Every set of role pieces is tried: a round has a handful. One with
    // more than 16 (65,536 sets) shows no role rather than try only some.
    if role_atoms.len() > 16 {
        return false;
    }
    let add = |acc: &mut Vec<u64>, s: &[u64]| acc.iter_mut().zip(s).for_each(|(a, b)| *a += b);
    for subset in 1u32..(1 << role_atoms.len()) {
        let chosen: Vec<usize> = (0..role_atoms.len())
            .filter(|a| subset & (1 << a) != 0)
            .flat_map(|a| role_atoms[a].iter().copied())
            .collect();
        // Per unit piece: its people with a chosen role, and the others.
        let split: Vec<(Vec<u64>, Vec<u64>)> = unit_atoms
            .iter()
            .map(|atom| {
                let (mut inside, mut outside) = (vec![0; width], vec![0; width]);
                for &u in atom {
                    for (r, size) in cells[u].iter().enumerate() {
                        add(
                            if chosen.contains(&r) {
                                &mut inside
                            } else {
                                &mut outside
                            },
                            size,
                        );
                    }
                }
                (inside, outside)
            })
            .collect();
        let some = |v: &[u64]| v.iter().any(|&n| n > 0);
        // The unit pieces that hold the chosen roles, minus those roles.
        let mut rest = vec![0; width];
        split
            .iter()
            .filter(|(i, _)| some(i))
            .for_each(|(_, o)| add(&mut rest, o));
        // The chosen roles, minus the unit pieces that lie inside them.
        let mut beyond = vec![0; width];
        split
            .iter()
            .filter(|(_, o)| some(o))
            .for_each(|(i, _)| add(&mut beyond, i));
        if !safe(&rest, k) || !safe(&beyond, k) {
            return false;
        }
    }
    true
}
