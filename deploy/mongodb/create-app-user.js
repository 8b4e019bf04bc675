/* global db, print */
// Creates the application's database user with read-write rights on its database only, so that
// the API and the worker never hold the root password. The mongo image runs this file once, on
// the first start of an empty data volume (/docker-entrypoint-initdb.d), as the root user; to
// change the password later use `db.changeUserPassword` in mongosh, then update .env.
const database = process.env.MONGODB_DATABASE || 'motcua';
const user = process.env.MONGODB_APP_USER || 'motcua';
const password = process.env.MONGODB_APP_PASSWORD;
if (!password) throw new Error('MONGODB_APP_PASSWORD is not set');

db.getSiblingDB(database).createUser({
  user,
  pwd: password,
  roles: [{ role: 'readWrite', db: database }],
});
print(`created MongoDB user ${user} (readWrite on ${database})`);
