//! Independent pieces of work spread over the machine's cores, in one place.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The stack of each worker: syn, prettyplease and the IR's walks recurse along the code's and
/// the model's nesting, so a worker gets the main thread's stack size.
const WORKER_STACK: usize = 8 << 20;

/// `work` applied to every item, on up to as many threads as there are cores (the calling
/// thread among them), the results in the items' order. Each item is taken by the next thread
/// that is free, so a few large items do not hold the others back. A panic in `work` goes on in
/// the caller, as it would in a loop.
pub fn map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_on(std::thread::available_parallelism().map_or(1, |n| n.get()), items, work)
}

/// [`map`] on up to `threads` threads, for work that mostly waits (on a disk, say) rather than
/// computes.
pub fn map_on<T: Sync, R: Send>(threads: usize, items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = threads.min(items.len());
    if workers <= 1 {
        return items.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let (next, work) = (&next, &work);
    let take = move || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else { break done };
            done.push((index, work(item)));
        }
    };
    let mut results: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    std::thread::scope(|scope| {
        // A thread that cannot be started leaves its share to the others.
        let helpers: Vec<_> = (1..workers).filter_map(|_| std::thread::Builder::new().stack_size(WORKER_STACK).spawn_scoped(scope, take).ok()).collect();
        for (index, result) in take() {
            results[index] = Some(result);
        }
        for helper in helpers {
            match helper.join() {
                Ok(done) => done.into_iter().for_each(|(index, result)| results[index] = Some(result)),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    // The calling thread takes items until none is left, so every item has its result.
    results.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_in_the_items_order() {
        let items: Vec<u64> = (0..1000).collect();
        let squares = super::map(&items, |n| {
            // Uneven work, so that threads finish out of order.
            std::thread::sleep(std::time::Duration::from_micros(n % 7));
            n * n
        });
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert!(super::map(&[] as &[u8], |_| 0).is_empty());
    }

    #[test]
    fn a_panic_in_the_work_reaches_the_caller() {
        let items: Vec<u32> = (0..64).collect();
        let caught = std::panic::catch_unwind(|| super::map(&items, |&n| if n == 40 { panic!("item 40") } else { n }));
        assert!(caught.is_err());
    }
}
