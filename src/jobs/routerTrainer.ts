// Runs in a worker thread: trains the router's classifier away from the thread that answers
// requests (training takes seconds per thousand letters).
import { parentPort, workerData } from 'node:worker_threads';
import { train, type Example } from '../domain/router/classifier.js';

const examples = workerData as Example[];
parentPort!.postMessage(train(examples));
