import mongoose from 'mongoose';
import { prepareCollections } from './housekeeping';
import { detectWriteIsolation } from './safe-write';

/** Global Mongoose settings: operator objects from user input never reach a query. */
export function configureMongoose(): void {
  mongoose.set('sanitizeFilter', true);
  mongoose.set('strictQuery', true);
  // Fail fast when the database is away instead of queueing requests (pages answer 503).
  mongoose.set('bufferCommands', false);
}

/** Connects with short timeouts so that an unreachable database answers within ~5 s. */
export async function connectDatabase(uri: string): Promise<typeof mongoose> {
  configureMongoose();
  await mongoose.connect(uri, {
    serverSelectionTimeoutMS: 5000,
    connectTimeoutMS: 5000,
    socketTimeoutMS: 30000,
    heartbeatFrequencyMS: 2000,
  });
  await Promise.all(Object.values(mongoose.models).map((m) => m.init()));
  await prepareCollections();
  await detectWriteIsolation();
  return mongoose;
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}

/** The driver's view of the server, in the log: lost (it keeps retrying) and back. Returns the way to stop (shutdown). */
export function logConnectionEvents(log: { warn(msg: string): void; info(msg: string): void }): () => void {
  const lost = (): void => log.warn('database: connection lost; the driver keeps trying, pages answer 503 meanwhile');
  const back = (): void => log.info('database: connection back');
  mongoose.connection.on('disconnected', lost);
  mongoose.connection.on('reconnected', back);
  return () => {
    mongoose.connection.off('disconnected', lost);
    mongoose.connection.off('reconnected', back);
  };
}
